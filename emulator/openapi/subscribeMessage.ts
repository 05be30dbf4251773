/**
 * `subscribeMessage.send` as WeChat answers it (data keys arrive in snake_case, as the SDK
 * converts them): touser → 40003, template_id → 40037, page → 41030,
 * miniprogram_state / lang / data values → 47003, then one subscription credit for
 * (touser, template_id) is spent or the send fails with 43101. Every attempt, delivered
 * or rejected, becomes an outbox row; a rejected send spends no credit.
 */
import type { Database } from 'better-sqlite3';
import { isAppPage, pagePath } from './appPages';
import { checkKeyword } from './keywordRules';
import { isOpenid } from './openid';
import type { Outbox } from './outbox';
import type { SubscriptionCredits } from './subscriptions';
import { wxError, wxOk, type WxJson } from './wxError';

export interface SubscribeMessageDeps {
  sqlite: Database;
  outbox: Outbox;
  credits: SubscriptionCredits;
  clock: () => number;
  appPages?: readonly string[];
}

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

function validate(
  data: Record<string, unknown>,
  appPages: readonly string[] | undefined,
  rid: string,
): WxJson | null {
  const {
    touser,
    template_id: templateId,
    page,
    data: values,
    miniprogram_state: state,
    lang,
  } = data;
  if (!isOpenid(touser)) return wxError(40003, 'invalid openid', rid);
  if (typeof templateId !== 'string' || templateId.trim() === '')
    return wxError(40037, 'invalid template id', rid);
  if (page !== undefined && page !== null && page !== '') {
    if (typeof page !== 'string' || !isAppPage(appPages, pagePath(page)))
      return wxError(41030, 'invalid page', rid);
  }
  if (state !== undefined && !MINIPROGRAM_STATES.includes(state as string)) {
    return wxError(47003, 'argument invalid! miniprogram_state invalid', rid);
  }
  if (lang !== undefined && !LANGS.includes(lang as string))
    return wxError(47003, 'argument invalid! lang invalid', rid);
  if (
    typeof values !== 'object' ||
    values === null ||
    Array.isArray(values) ||
    Object.keys(values).length === 0
  ) {
    return wxError(47003, 'argument invalid! data is empty', rid);
  }
  for (const [key, entry] of Object.entries(values)) {
    const check = checkKeyword(key, entry);
    if (check.ok) continue;
    const what =
      check.reason === 'empty' ? `data.${key}.value is empty` : `data.${key}.value invalid`;
    return wxError(47003, `argument invalid! ${what}`, rid);
  }
  return null;
}

export function sendSubscribeMessage(
  deps: SubscribeMessageDeps,
  data: Record<string, unknown>,
  ctx: { invocationId: string },
): WxJson {
  const rid = ctx.invocationId;
  const base = {
    channel: 'subscribe' as const,
    touser: typeof data.touser === 'string' ? data.touser : '',
    templateId: typeof data.template_id === 'string' ? data.template_id : '',
    page: typeof data.page === 'string' && data.page !== '' ? data.page : null,
    data: (typeof data.data === 'object' && data.data !== null ? data.data : {}) as Record<
      string,
      unknown
    >,
    invocationId: ctx.invocationId,
    meta: {
      miniprogramState: data.miniprogram_state ?? 'formal',
      lang: data.lang ?? 'zh_CN',
    },
  };

  return deps.sqlite.transaction((): WxJson => {
    const invalid = validate(data, deps.appPages, rid);
    const credit = invalid
      ? null
      : deps.credits.consume(base.touser, base.templateId, deps.clock(), null);
    const answer =
      invalid ?? (credit ? wxOk() : wxError(43101, 'user refuse to accept the msg', rid));
    const row = deps.outbox.record({
      ...base,
      status: answer.errcode === 0 ? 'delivered' : 'rejected',
      errcode: answer.errcode,
      errmsg: answer.errmsg,
    });
    if (credit) deps.credits.attachOutbox(credit.id, row.id);
    return answer;
  })();
}
