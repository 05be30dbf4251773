/**
 * The member code as a till's scanner reads it: Code 128 bars (jsbarcode's encoder) and a
 * QR code (qrcode-generator), both computed without a DOM or a canvas, so the same code
 * runs in the mini-program and on H5. The bars come back as runs of modules for the page to
 * draw as views; the QR code as a GIF data URL for an <Image> (base64 images work in both).
 */
import JsBarcode from 'jsbarcode';
import qrcode from 'qrcode-generator';

/** A run of equal modules: `dark` bars, or the light space between them. */
export type BarRun = { dark: boolean; modules: number };

/**
 * Code 128 of `text` as runs (an 18-digit code is code set C: 134 modules, quiet zones not
 * included).
 * @example code128Runs('88')[0] // { dark: true, modules: 2 } (start C begins 11 0 1 …)
 */
export function code128Runs(text: string): BarRun[] {
  const out: { encodings?: { data: string }[] } = {};
  JsBarcode(out, text, { format: 'CODE128' });
  const bits = (out.encodings ?? []).map((e) => e.data).join('');
  const runs: BarRun[] = [];
  for (const bit of bits) {
    const dark = bit === '1';
    const last = runs[runs.length - 1];
    if (last && last.dark === dark) last.modules += 1;
    else runs.push({ dark, modules: 1 });
  }
  return runs;
}

/**
 * A QR code of `text` (error correction M, smallest version that holds it) as a GIF data
 * URL, `cellPx` pixels per module with a 4-module quiet zone.
 * @example qrDataUrl('881234567890123456') // 'data:image/gif;base64,R0lGOD…'
 */
export function qrDataUrl(text: string, cellPx = 6): string {
  return makeQr(text).createDataURL(cellPx, cellPx * 4);
}

/** Modules per side of the QR code of `text` (21 for an 18-digit member code). */
export function qrModules(text: string): number {
  return makeQr(text).getModuleCount();
}

function makeQr(text: string) {
  const qr = qrcode(0, 'M');
  qr.addData(text, /^\d+$/.test(text) ? 'Numeric' : 'Byte');
  qr.make();
  return qr;
}
