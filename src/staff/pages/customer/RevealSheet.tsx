/** Revealing one masked field: the reason (2–50 characters) is asked first; the reveal is audited. */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { RevealField } from '@/contracts/staff';
import { Sheet } from '@/components/Sheet';
import { Button, Input } from '@/components/nut';

export const FIELD_NAMES: Record<RevealField, string> = {
  name: '姓名',
  phone: '手机号',
  birthday: '生日',
};

export function RevealSheet({
  field,
  busy,
  error,
  onClose,
  onReveal,
}: {
  field: RevealField;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onReveal: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const ok = reason.trim().length >= 2;
  return (
    <Sheet open title={`查看完整${FIELD_NAMES[field]}`} onClose={onClose}>
      <View className="reveal-sheet">
        <Text className="reveal-sheet__tip muted">
          这不是你的专属顾客。查看需填写原因，每次查看都会记录并由总部审计。
        </Text>
        <Input
          className="reveal-sheet__reason"
          placeholder="查看原因，如：电话回访（2–50 字）"
          maxLength={50}
          value={reason}
          onChange={(v) => setReason(v)}
        />
        {error ? <Text className="error-text">{error}</Text> : null}
        <Button
          id="reveal-confirm"
          type="primary"
          block
          disabled={!ok || busy}
          onClick={() => onReveal(reason.trim())}
        >
          {busy ? '正在查看…' : '确认查看'}
        </Button>
      </View>
    </Sheet>
  );
}
