/**
 * Stand-ins for device APIs the simulator cannot provide, installed on the `wx` object the
 * compiled app calls through (Taro looks `wx[api]` up at call time, so a stub set after
 * `launchWeapp` is what the page gets).
 *
 *   stubScanCode(() => ({ result: code }));          // the camera reads `code`
 *   stubScanCode(() => ({ errMsg: 'scanCode:fail cancel' })); // the clerk closes the camera
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the simulator's wx mock is untyped */

type ScanAnswer = { result: string; scanType?: string } | { errMsg: string };

/** Every scanCode call's options, for assertions (e.g. onlyFromCamera). */
export const scanCalls: Record<string, unknown>[] = [];
/** Every answer the camera has given the page, in order (wait on its length, never sleep). */
export const scanAnswers: ScanAnswer[] = [];

export function stubScanCode(answer: () => ScanAnswer): void {
  const wx = (globalThis as any).wx;
  if (!wx) throw new Error('launch the weapp before stubbing wx.scanCode');
  wx.scanCode = (o: any = {}) => {
    const { success, fail, complete, ...options } = o;
    scanCalls.push(options);
    setTimeout(() => {
      const a = answer();
      scanAnswers.push(a);
      if ('errMsg' in a) {
        fail?.(a);
        complete?.(a);
      } else {
        const res = {
          errMsg: 'scanCode:ok',
          charSet: 'utf-8',
          rawData: '',
          scanType: 'QR_CODE',
          ...a,
        };
        success?.(res);
        complete?.(res);
      }
    }, 0);
  };
}
