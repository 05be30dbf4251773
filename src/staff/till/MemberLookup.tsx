/**
 * Step 1 of the till: find the member by the code on their card (scanned on weapp, typed
 * or pasted on H5) or by their phone number.
 */
import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TillMemberView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { Button, Input } from '@/components/nut';
import { parseMemberQuery } from './cart';
import { CAN_SCAN, scanText } from './scan';
import './MemberLookup.less';

export function MemberLookup({ onFound }: { onFound: (member: TillMemberView) => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const lookup = useCallback(
    async (raw: string) => {
      const query = parseMemberQuery(raw);
      if ('error' in query) {
        setError(query.error);
        return;
      }
      setBusy(true);
      setError(null);
      try {
        const { member } = await callFunction('staff', { action: 'lookupMember', ...query });
        onFound(member);
      } catch (e) {
        setError(toCallError(e).message);
        setBusy(false);
      }
    },
    [onFound],
  );

  const scan = useCallback(async () => {
    setError(null);
    const out = await scanText();
    if ('text' in out) {
      setText(out.text);
      void lookup(out.text);
    } else if ('failed' in out) setError('没有识别到会员码，请重新扫码或手动输入');
  }, [lookup]);

  return (
    <View className="section till-identify" data-testid="till-identify">
      <View className="section-title">
        <Text>识别会员</Text>
        <Text className="muted">会员码每 30 秒刷新</Text>
      </View>
      {CAN_SCAN ? (
        <Button
          id="scan-member"
          className="till-identify__scan"
          type="primary"
          size="large"
          block
          disabled={busy}
          onClick={() => void scan()}
        >
          扫描会员码
        </Button>
      ) : null}
      <View className="till-identify__field">
        <Input
          className="till-identify__input"
          type="number"
          maxLength={24}
          placeholder={CAN_SCAN ? '或输入会员码 / 手机号' : '输入或粘贴会员码 / 手机号'}
          value={text}
          onChange={(v) => setText(v)}
          onConfirm={() => void lookup(text)}
        />
      </View>
      <Button
        id="lookup-member"
        className="till-identify__go"
        type={CAN_SCAN ? 'default' : 'primary'}
        size="large"
        block
        disabled={busy}
        onClick={() => void lookup(text)}
      >
        {busy ? '正在查询…' : '查询会员'}
      </Button>
      {error ? <View className="error-text till-identify__error">{error}</View> : null}
      <Text className="till-identify__tip">
        请顾客打开小程序「会员卡」出示会员码；忘带手机可输入注册手机号
      </Text>
    </View>
  );
}
