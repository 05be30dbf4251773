/**
 * The rotating 18-digit member code (会员码) the clerk scans or enters at the till: a Code
 * 128 barcode (a till's laser or camera scanner), a QR code (the till mini-program's
 * camera, phones) and the digits to read aloud. It is drawn on the phone from the member's
 * own code key (see src/domain/memberCode.ts) and changes every window, images included;
 * `clockOffsetMs` aligns the phone with server time.
 */
import { useEffect, useMemo, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { DEFAULT_WINDOW_MS, memberCodeAt } from '@/domain/memberCode';
import { code128Runs, qrDataUrl } from './scanCodes';
import './MemberCode.less';

/** Width of one barcode module: 134 modules × 2 px = 268 px, inside a 375 px phone. */
const BAR_PX = 2;

type Props = { memberNo: number; codeKey: string; clockOffsetMs?: number };

/** '88 1234 5678 9012 3456' — grouped for reading aloud. */
export function groupCode(code: string): string {
  return `${code.slice(0, 2)} ${code.slice(2).replace(/(\d{4})(?=\d)/g, '$1 ')}`;
}

export function MemberCode({ memberNo, codeKey, clockOffsetMs = 0 }: Props) {
  const [now, setNow] = useState(() => Date.now() + clockOffsetMs);

  useEffect(() => {
    const tick = () => setNow(Date.now() + clockOffsetMs);
    const timer = setInterval(tick, 1_000);
    return () => clearInterval(timer);
  }, [clockOffsetMs]);

  const code = memberCodeAt(memberNo, codeKey, now);
  const secondsLeft = Math.ceil((DEFAULT_WINDOW_MS - (now % DEFAULT_WINDOW_MS)) / 1000);
  const runs = useMemo(() => code128Runs(code), [code]);
  const qr = useMemo(() => qrDataUrl(code), [code]);
  return (
    <View className="member-code-live" data-code={code}>
      <View className="member-code-live__bars" data-testid="member-barcode">
        {runs.map((r, i) => (
          <View
            key={i}
            className={r.dark ? 'member-code-live__bar' : 'member-code-live__gap'}
            style={{ width: `${r.modules * BAR_PX}px` }}
          />
        ))}
      </View>
      <Text className="member-code-live__digits num">{groupCode(code)}</Text>
      <Image
        className="member-code-live__qr"
        src={qr}
        mode="aspectFit"
        data-testid="member-qrcode"
      />
      <Text className="member-code-live__hint">{secondsLeft} 秒后自动刷新 · 仅限本人结账使用</Text>
    </View>
  );
}
