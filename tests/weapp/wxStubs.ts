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

/**
 * `wx.chooseMessageFile`: the person picks `file` from a chat (a local path here), or cancels
 * (null). Without callbacks it answers a promise, as WeChat's base library does for every
 * async API (Taro does not promisify this one: it calls wx's as is).
 */
export function stubChooseMessageFile(file: () => { path: string; name: string } | null): void {
  const wx = (globalThis as any).wx;
  if (!wx) throw new Error('launch the weapp before stubbing wx.chooseMessageFile');
  wx.chooseMessageFile = (o: any = {}) => {
    const { success, fail, complete } = o;
    const answer = new Promise((resolve, reject) =>
      setTimeout(() => {
        const f = file();
        if (!f) return reject({ errMsg: 'chooseMessageFile:fail cancel' });
        resolve({
          errMsg: 'chooseMessageFile:ok',
          tempFiles: [{ ...f, size: 0, type: 'file', time: 0 }],
        });
      }, 0),
    );
    if (!success && !fail && !complete) return answer;
    answer.then(
      (res) => {
        success?.(res);
        complete?.(res);
      },
      (e) => {
        fail?.(e);
        complete?.(e);
      },
    );
    return undefined;
  };
}
