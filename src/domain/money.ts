/**
 * Money is integer fen everywhere; these turn fen into the text people read and parse
 * yuan amounts typed by people (Excel imports, HQ forms) into fen without floats.
 */

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Yuan text without the currency sign: whole yuan drop '.00', others keep two decimals.
 * @example fenToYuanText(20000) // '200'; fenToYuanText(1250) // '12.50'
 */
export function fenToYuanText(fen: number, options: { grouping?: boolean } = {}): string {
  const abs = Math.abs(Math.trunc(fen));
  const yuan = String(Math.floor(abs / 100));
  const cents = abs % 100;
  const whole = options.grouping ? group(yuan) : yuan;
  return `${fen < 0 && abs > 0 ? '-' : ''}${whole}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

/**
 * Amount for display: '¥' + yuan with thousands separators; '.00' is dropped.
 * @example formatFen(1250) // '¥12.50'; formatFen(32000) // '¥320'; formatFen(47000000) // '¥470,000'
 */
export function formatFen(fen: number): string {
  const text = fenToYuanText(fen, { grouping: true });
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/**
 * Amount with exactly two decimals, for receipts and exports.
 * @example formatFenFixed(32000) // '¥320.00'
 */
export function formatFenFixed(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  const text = `${group(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`;
  return fen < 0 && abs > 0 ? `-¥${text}` : `¥${text}`;
}

/**
 * Parse a yuan amount ('12.5', '¥1,234.50', 86, ' 100 元') into fen; null when it is not
 * a non-negative amount with at most two decimals.
 * @example parseYuanToFen('¥1,234.5') // 123450; parseYuanToFen('1.005') // null
 */
export function parseYuanToFen(input: string | number): number | null {
  const text = (typeof input === 'number' ? String(input) : input)
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '')
    .replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
