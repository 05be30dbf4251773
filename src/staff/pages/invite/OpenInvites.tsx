/**
 * The store's open invites (`staff.listInvites`): still there after a reload, each with
 * 复制 and 撤销 (`staff.revokeInvite`); the one just created is marked and can be shared.
 */
import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { InviteView } from '@/contracts/manager';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { formatDateTime } from '@/components/format';
import { Button } from '@/components/nut';
import { ROLE_NAMES } from '../../useStaff';

/** '4K7Q 2XPA' — grouped for reading aloud. */
const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1 ');

export function OpenInvites(props: {
  invites: InviteView[];
  latestCode: string | null;
  storeName: (id: string) => string;
  onRevoked: () => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const copy = useCallback((code: string) => {
    void Taro.setClipboardData({ data: code }).catch(() => undefined);
  }, []);
  const revoke = useCallback(
    async (code: string) => {
      setBusy(code);
      setError(null);
      try {
        await callFunction('staff', { action: 'revokeInvite', code });
        props.onRevoked();
      } catch (e) {
        setError(toCallError(e).message);
      } finally {
        setBusy(null);
      }
    },
    [props],
  );

  if (!props.invites.length)
    return (
      <View className="section muted" data-testid="no-open-invites">
        暂无未使用的邀请码
      </View>
    );
  return (
    <View data-testid="open-invites">
      {error ? <View className="error-text">{error}</View> : null}
      {props.invites.map((c) => (
        <View
          className={`section invite-code${c.code === props.latestCode ? ' invite-code--latest' : ''}`}
          key={c.code}
          data-testid="open-invite"
        >
          <Text className="invite-code__for">
            {c.name} · {ROLE_NAMES[c.role]}
            {c.storeId ? ` · ${props.storeName(c.storeId)}` : ''}
          </Text>
          <Text className="invite-code__code num">{groupCode(c.code)}</Text>
          <Text className="invite-code__expires">
            一次有效 · {formatDateTime(c.expiresAt)} 前使用
          </Text>
          <View className="invite-code__actions">
            <Button size="small" fill="outline" onClick={() => copy(c.code)}>
              复制邀请码
            </Button>
            <Button
              className="invite-code__revoke"
              size="small"
              fill="outline"
              disabled={busy === c.code}
              onClick={() => void revoke(c.code)}
            >
              {busy === c.code ? '正在撤销…' : '撤销'}
            </Button>
            {process.env.TARO_ENV === 'weapp' && c.code === props.latestCode ? (
              <Button className="invite-code__share" size="small" type="primary" openType="share">
                发给员工
              </Button>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  );
}
