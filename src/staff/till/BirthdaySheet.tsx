/** Set or correct the member's birthday at the till, with the member present (members set it only once). */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { Button } from '@/components/nut';
import { Sheet } from '@/components/Sheet';
import { BirthdayField, birthdayText, parseBirthday, todayValue } from '@/components/BirthdayField';
import './BirthdaySheet.less';

export function BirthdaySheet(props: {
  open: boolean;
  memberId: string;
  onClose: () => void;
  onSaved: (birthdayText: string) => void;
}) {
  const { open, memberId, onClose, onSaved } = props;
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const picked = parseBirthday(value);
  const save = async () => {
    if (!picked) {
      setError('请选择生日');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await callFunction('staff', {
        action: 'setMemberBirthday',
        memberId,
        birthday: picked,
      });
      onSaved(res.birthdayText);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Sheet open={open} title="登记会员生日" onClose={onClose}>
      <Text className="muted till-birthday__hint">生日用于生日礼券，请与顾客本人确认后登记。</Text>
      <BirthdayField value={value} max={todayValue(Date.now())} onChange={setValue}>
        <View className="field till-birthday__field">
          <Text className={picked ? '' : 'muted'}>
            {picked ? birthdayText(picked) : '选择生日'}
          </Text>
        </View>
      </BirthdayField>
      {error ? <View className="error-text">{error}</View> : null}
      <Button id="birthday-save" type="primary" block disabled={busy} onClick={() => void save()}>
        {busy ? '正在保存…' : '确认登记'}
      </Button>
    </Sheet>
  );
}
