/**
 * 积分调整: a store manager (their store's members) or HQ adds or takes back points with a
 * reason (staff.adjustPoints). One request id per decision, kept while the sheet is open, so
 * a retried 「确认调整」 counts once. The member sees 「积分调整」 in their points history; the
 * reason goes to the audit log.
 */
import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { MAX_ADJUSTMENT } from '@/domain/pointAdjustment';
import { callFunction } from '@/services/cloud';
import { newRequestId } from '@/services/requestId';
import { toCallError } from '@/services/useCall';
import { Sheet } from '@/components/Sheet';
import { Button, Input } from '@/components/nut';

type Direction = 'add' | 'deduct';

export function PointsSheet({
  memberId,
  balance,
  onClose,
  onAdjusted,
}: {
  memberId: string;
  balance: number;
  onClose: () => void;
  onAdjusted: (balance: number) => void;
}) {
  const requestId = useRef(newRequestId());
  const [direction, setDirection] = useState<Direction>('add');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const points = /^\d{1,6}$/.test(amount.trim()) ? Number(amount.trim()) : 0;
  const ok = points > 0 && points <= MAX_ADJUSTMENT && reason.trim().length >= 2;
  const after = balance + (direction === 'add' ? points : -points);

  const choose = (d: Direction) => {
    setDirection(d);
    requestId.current = newRequestId(); // a different decision
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await callFunction('staff', {
        action: 'adjustPoints',
        memberId,
        delta: direction === 'add' ? points : -points,
        reason: reason.trim(),
        requestId: requestId.current,
      });
      onAdjusted(r.balance);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet open title="调整积分" onClose={onClose}>
      <View className="points-sheet" id="points-sheet">
        <View className="points-sheet__directions">
          {(['add', 'deduct'] as const).map((d) => (
            <Text
              key={d}
              id={`points-${d}`}
              className={`points-sheet__direction${direction === d ? ' points-sheet__direction--on' : ''}`}
              onClick={() => choose(d)}
            >
              {d === 'add' ? '增加积分' : '扣减积分'}
            </Text>
          ))}
        </View>
        <Input
          className="points-sheet__amount"
          type="number"
          placeholder={`积分数（1–${MAX_ADJUSTMENT}）`}
          maxLength={6}
          value={amount}
          onChange={(v) => {
            setAmount(v);
            requestId.current = newRequestId(); // another amount is another decision
          }}
        />
        <Input
          className="points-sheet__reason"
          placeholder="调整原因，如：投诉补偿、误积分扣回（2–60 字）"
          maxLength={60}
          value={reason}
          onChange={(v) => setReason(v)}
        />
        <Text className="muted points-sheet__tip">
          当前 {balance} 积分{points > 0 ? `，调整后 ${after}` : ''}
          。会员在积分明细中看到「积分调整」；原因与操作人记入操作日志。
        </Text>
        {after < 0 ? <Text className="error-text">扣减不能超过会员现有积分</Text> : null}
        {error ? <Text className="error-text">{error}</Text> : null}
        <Button
          id="points-confirm"
          type="primary"
          block
          disabled={!ok || busy || after < 0}
          onClick={() => void confirm()}
        >
          {busy ? '正在调整…' : '确认调整'}
        </Button>
      </View>
    </Sheet>
  );
}
