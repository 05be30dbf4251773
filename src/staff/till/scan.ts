/**
 * The camera at the till (weapp only: H5 types instead): member codes, receipt numbers and
 * coupon codes are all read the same way. A closed camera is not an error.
 */
import Taro from '@tarojs/taro';

export type ScanOutcome = { text: string } | { cancelled: true } | { failed: true };

/** Whether this build can scan (the mini-program); H5 shows typed fields only. */
export const CAN_SCAN = process.env.TARO_ENV === 'weapp';

export async function scanText(): Promise<ScanOutcome> {
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['barCode', 'qrCode'] });
    const text = String(res.result ?? '').trim();
    return text ? { text } : { failed: true };
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '');
    return /cancel/i.test(msg) ? { cancelled: true } : { failed: true };
  }
}
