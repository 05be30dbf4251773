/**
 * Invite staff (`staff.createInvite`): a manager invites clerks to their own store; HQ
 * invites any role to any store. The one-time code is read out, copied, or (in WeChat)
 * shared as a card that opens the bind page with the code filled in. The store's open invites
 * are listed from the server (after a reload too), each can be revoked (OpenInvites.tsx).
 */
import { useCallback, useState } from 'react';
import { useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Role, StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { Button, Input } from '@/components/nut';
import { PrivacyGate } from '@/components/PrivacyGate';
import { StaffGate } from '../../StaffGate';
import { ROLE_NAMES } from '../../useStaff';
import { OpenInvites } from './OpenInvites';
import './index.less';

type Created = {
  code: string;
  expiresAt: number;
  role: Role;
  name: string;
  storeId: string | null;
};

export default function InvitePage() {
  return <StaffGate roles={['manager', 'hq']}>{(staff) => <Invite staff={staff} />}</StaffGate>;
}

function Invite({ staff }: { staff: StaffView }) {
  const isHq = staff.role === 'hq';
  const roles: Role[] = isHq ? ['clerk', 'manager', 'hq'] : ['clerk'];
  const [role, setRole] = useState<Role>('clerk');
  const [storeId, setStoreId] = useState(isHq ? '' : (staff.storeId ?? ''));
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created[]>([]);
  const latest = created[0] ?? null;
  const stores = useCall(() => callFunction('staff', { action: 'listStores' }), [], {
    enabled: isHq,
  });
  /** the store whose open invites are listed: the manager's own, the store HQ picked */
  const listStore = storeId || null;
  const open = useCall(
    () => callFunction('staff', { action: 'listInvites', storeId: listStore ?? undefined }),
    [listStore],
    { enabled: Boolean(listStore) },
  );

  useShareAppMessage(() => ({
    title: latest ? `${latest.name}，邀请你加入门店工作台` : '邀请你加入门店工作台',
    path: latest
      ? `/staff/pages/bind/index?code=${encodeURIComponent(latest.code)}`
      : '/staff/pages/bind/index',
  }));

  const storeName = (id: string) =>
    stores.data?.stores.find((st) => st.id === id)?.name ??
    (id === staff.storeId ? staff.storeName : null) ??
    id;

  const create = useCallback(async () => {
    const who = name.trim();
    const store = role === 'hq' ? null : storeId;
    if (!who) {
      setError('请输入员工姓名');
      return;
    }
    if (role !== 'hq' && !store) {
      setError('请选择门店');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await callFunction('staff', {
        action: 'createInvite',
        role,
        storeId: store,
        name: who,
      });
      setCreated((list) => [{ ...res, role, name: who, storeId: store }, ...list]);
      setName('');
      void open.reload();
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  }, [name, role, storeId, open]);

  return (
    <View className="page staff invite" data-testid="invite">
      <PrivacyGate reason="复制邀请码到剪贴板" />
      <View className="section">
        <View className="section-title">
          <Text>邀请员工</Text>
          <Text className="muted">
            {isHq ? '总部可邀请任意门店' : `邀请到 ${staff.storeName ?? ''}`}
          </Text>
        </View>
        <Text className="field__label">身份</Text>
        <View className="chips">
          {roles.map((r) => (
            <View
              key={r}
              id={`role-${r}`}
              className={`chip${role === r ? ' chip--on' : ''}`}
              onClick={() => setRole(r)}
            >
              <Text>{ROLE_NAMES[r]}</Text>
            </View>
          ))}
        </View>
        {isHq && role !== 'hq' ? (
          <>
            <Text className="field__label">门店</Text>
            <View className="chips invite__stores">
              {stores.loading ? <Text className="muted">正在加载门店…</Text> : null}
              {stores.error ? <Text className="muted">{stores.error.message}</Text> : null}
              {(stores.data?.stores ?? []).map((st) => (
                <View
                  key={st.id}
                  id={`store-${st.id}`}
                  className={`chip invite__store${storeId === st.id ? ' chip--on' : ''}`}
                  onClick={() => setStoreId(st.id)}
                >
                  <Text>{st.name}</Text>
                </View>
              ))}
            </View>
          </>
        ) : null}
        <Text className="field__label">员工姓名</Text>
        <View className="field">
          <Input
            className="invite__name"
            type="text"
            maxLength={20}
            placeholder="如 王芳"
            value={name}
            onChange={(v) => setName(v)}
          />
        </View>
        <Button
          id="create-invite"
          className="invite__submit"
          type="primary"
          size="large"
          block
          disabled={busy}
          onClick={() => void create()}
        >
          {busy ? '正在生成…' : '生成邀请码'}
        </Button>
        {error ? (
          <View className="error-text" data-testid="invite-error">
            {error}
          </View>
        ) : null}
      </View>

      {listStore ? (
        <>
          <View className="section-title invite__open-title">
            <Text>未使用的邀请码</Text>
            <Text className="muted">{storeName(listStore)}</Text>
          </View>
          <OpenInvites
            invites={open.data?.invites ?? []}
            latestCode={latest?.code ?? null}
            storeName={storeName}
            onRevoked={() => void open.reload()}
          />
        </>
      ) : null}
    </View>
  );
}
