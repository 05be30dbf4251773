/**
 * The automations as HQ tunes them on a screen: what each one does, in a sentence
 * (trigger and steps), and the four things tuned without code — the switch, the cap, the
 * holdout share and the quiet hours — typed into a form and checked by the schema the timer
 * reads them with (definitions.ts).
 */
import {
  automationsSchema,
  type Automation,
  type AutomationAction,
  type Trigger,
} from './definitions';

/**
 * @example triggerText({ kind: 'noPurchaseFor', days: 7 }) // '7 天未消费'
 */
export function triggerText(t: Trigger): string {
  switch (t.kind) {
    case 'noPurchaseFor':
      return `${t.days} 天未消费`;
    case 'birthday':
      return t.daysBefore ? `生日前 ${t.daysBefore} 天` : '生日当天';
    case 'noFirstOrder':
      return `注册 ${t.hours} 小时未首单`;
    case 'tagEntered':
      return `进入标签「${t.tag.slice(t.tag.indexOf(':') + 1)}」`;
    case 'purchase':
      return t.crossStoreOnly ? '在其他门店消费' : '每次消费后';
    case 'pointsChanged':
      return '积分变动';
    case 'couponExpiring':
      return `优惠券到期前 ${t.daysBefore} 天`;
    case 'memberDay':
      return `每月 ${t.dayOfMonth} 日会员日${t.daysBefore ? `前 ${t.daysBefore} 天` : ''}`;
  }
}

const actionText = (a: AutomationAction): string => {
  switch (a.kind) {
    case 'coupon':
      return '发券';
    case 'memberMessage':
      return `消息「${a.title}」`;
    case 'task':
      return `${a.assignee === 'clerk' ? '店员' : '店长'}任务「${a.title}」`;
    case 'staffReminder':
      return '服务号提醒';
    case 'birthdayGift':
      return '生日祝福与生日券';
  }
};

/**
 * The steps as one line: 「当天：发券、消息「好久不见」；第 7 天（未回店）：…」.
 */
export function stepsText(a: Automation): string {
  return a.steps
    .map((s) => {
      const when = s.afterDays ? `第 ${s.afterDays} 天` : '当天';
      return `${when}${s.untilPurchase ? '（未回店）' : ''}：${s.actions.map(actionText).join('、')}`;
    })
    .join('；');
}

export type AutomationDraft = {
  enabled: boolean;
  capDays: string;
  holdoutPercent: string;
  quietStart: string;
  quietEnd: string;
};

export function automationDraftOf(a: Automation): AutomationDraft {
  return {
    enabled: a.enabled,
    capDays: String(a.capDays),
    holdoutPercent: String(a.holdoutPercent),
    quietStart: a.quietHours.start,
    quietEnd: a.quietHours.end,
  };
}

export type AutomationsDraftResult =
  | { ok: true; automations: Automation[] }
  | { ok: false; key: string; message: string };

const int = (s: string) => (/^\d{1,4}$/.test(s.trim()) ? Number(s.trim()) : NaN);

/**
 * The automations a form describes (drafts by key; automations without one unchanged),
 * checked by `automationsSchema`; the first field in error names its automation.
 * @example automationsFromDraft(list, { inactive7: { ...draft, holdoutPercent: '60' } })
 * // { ok: false, key: 'inactive7', message: '7天未消费关怀：对照组比例为 0–50%' }
 */
export function automationsFromDraft(
  list: readonly Automation[],
  drafts: Readonly<Record<string, AutomationDraft>>,
): AutomationsDraftResult {
  const next: unknown[] = list.map((a) => {
    const d = drafts[a.key];
    if (!d) return a;
    return {
      ...a,
      enabled: d.enabled,
      capDays: int(d.capDays),
      holdoutPercent: int(d.holdoutPercent),
      quietHours: { start: d.quietStart.trim(), end: d.quietEnd.trim() },
    };
  });
  const parsed = automationsSchema.safeParse(next);
  if (parsed.success) return { ok: true, automations: parsed.data };
  const issue = parsed.error.issues[0];
  const index = typeof issue.path[0] === 'number' ? issue.path[0] : -1;
  const a = list[index];
  if (!a) return { ok: false, key: '', message: issue.message };
  const field = issue.path[1];
  const what =
    field === 'capDays'
      ? '频次上限为 0–365 天的整数'
      : field === 'holdoutPercent'
        ? '对照组比例为 0–50%'
        : field === 'quietHours'
          ? '免打扰时间格式为 HH:mm'
          : '规则有误';
  return { ok: false, key: a.key, message: `${a.name}：${what}` };
}
