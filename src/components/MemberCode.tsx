/**
 * The rotating 18-digit member code (会员码) the clerk enters or scans at the till. It is
 * drawn on the phone from the member's own code key (see src/domain/memberCode.ts) and
 * changes every window; `clockOffsetMs` aligns the phone with server time.
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { DEFAULT_WINDOW_MS, memberCodeAt } from '@/domain/memberCode';
import './MemberCode.less';

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
  return (
    <View className="member-code-live">
      <Text className="member-code-live__digits num">{groupCode(code)}</Text>
      <Text className="member-code-live__hint">{secondsLeft} 秒后自动刷新 · 仅限本人结账使用</Text>
    </View>
  );
}
