/**
 * A coupon by the code the member's wallet shows: typed (or scanned on weapp). A code of a
 * coupon already listed picks it; any other code is asked of the server (`staff.findCoupon`),
 * which finds a coupon issued since the lookup or says why the code cannot be used here.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CouponView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { Button, Input } from '@/components/nut';
import { parseCouponCode } from './couponChoice';
import { CAN_SCAN, scanText } from './scan';

export function CouponCodeField(props: {
  memberId: string;
  known: CouponView[];
  onPick: (couponId: string) => void;
  onFound: (coupon: CouponView) => void;
}) {
  const { memberId, known, onPick, onFound } = props;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const apply = async (raw: string) => {
    const parsed = parseCouponCode(raw);
    if ('error' in parsed) {
      setNote({ ok: false, text: parsed.error });
      return;
    }
    const listed = known.find((c) => c.code === parsed.code);
    if (listed) {
      onPick(listed.id);
      setNote({ ok: true, text: `已选择「${listed.title}」` });
      return;
    }
    setBusy(true);
    setNote(null);
    try {
      const { coupon } = await callFunction('staff', {
        action: 'findCoupon',
        memberId,
        code: parsed.code,
      });
      onFound(coupon);
      setNote({ ok: true, text: `已选择「${coupon.title}」` });
    } catch (e) {
      setNote({ ok: false, text: toCallError(e).message });
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    const out = await scanText();
    if ('text' in out) {
      setText(out.text);
      void apply(out.text);
    } else if ('failed' in out)
      setNote({ ok: false, text: '没有识别到券码，请重新扫码或手动输入' });
  };

  return (
    <View className="till-code">
      <View className="till-code__row">
        <Input
          className="till-code__input"
          type="text"
          maxLength={40}
          placeholder="输入顾客券包里的券码"
          value={text}
          onChange={(v) => {
            setText(v);
            setNote(null);
          }}
          onConfirm={() => void apply(text)}
        />
        {CAN_SCAN ? (
          <Button
            id="scan-coupon"
            className="till-code__scan"
            size="small"
            onClick={() => void scan()}
          >
            扫码
          </Button>
        ) : null}
        <Button
          id="use-coupon-code"
          className="till-code__go"
          size="small"
          type="primary"
          disabled={busy}
          onClick={() => void apply(text)}
        >
          {busy ? '查询中' : '用券码'}
        </Button>
      </View>
      {note ? (
        <Text className={note.ok ? 'till-code__ok' : 'till-line__error till-code__error'}>
          {note.text}
        </Text>
      ) : null}
    </View>
  );
}
