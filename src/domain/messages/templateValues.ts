/**
 * Service-account (服务号) template data under WeChat's rules since 2023-05-04: no `first`
 * or `remark` keywords, no colours, and each value at most 20 characters on one line.
 * A value too long is cut at 19 characters plus an ellipsis (「…」), so a clerk still reads
 * that something was left out (the full text is in the workbench's reminder); line breaks
 * and control characters become spaces, runs of blanks one space. Characters are counted
 * as code points, like WeChat (a rare CJK character outside the BMP is one character).
 */

export const TEMPLATE_VALUE_MAX = 20;
const ELLIPSIS = '…';
/** keywords WeChat no longer accepts in template messages */
const WITHDRAWN_KEYWORDS = new Set(['first', 'remark']);

/**
 * One value, fit for a template keyword.
 * @example clipTemplateValue('您曾服务的客户张女士今日在南京西路店完成购买') // '您曾服务的客户张女士今日在南京西路店…'
 */
export function clipTemplateValue(raw: string | number, max = TEMPLATE_VALUE_MAX): string {
  const text = String(raw)
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return (
    chars
      .slice(0, max - 1)
      .join('')
      .trimEnd() + ELLIPSIS
  );
}

export type TemplateData = Record<string, { value: string }>;

/**
 * Template data in WeChat's shape from keyword → text; empty values are dropped (WeChat
 * answers 47003 for them) and `first` / `remark` are refused (a programming error).
 * @example serviceTemplateData({ thing1: '张女士', time2: '2026-11-18 10:00' }) // { thing1: { value: '张女士' }, time2: { value: '2026-11-18 10:00' } }
 */
export function serviceTemplateData(values: Record<string, string | number>): TemplateData {
  const out: TemplateData = {};
  for (const [keyword, raw] of Object.entries(values)) {
    if (WITHDRAWN_KEYWORDS.has(keyword))
      throw new Error(`template keyword ${keyword} was withdrawn in 2023`);
    const value = clipTemplateValue(raw);
    if (value !== '') out[keyword] = { value };
  }
  return out;
}
