/**
 * Recording `wx.requestSubscribeMessage` results as send credits (see
 * _shared/repos/subscriptions.ts). The client's answer is trusted only as far as WeChat's
 * own rule goes: one credit per accepted template per call, for templates of purposes
 * something sends (SENT_PURPOSES); anything else in the answer (rejects, `errMsg`, other
 * ids) is ignored, so no credit is held for a message that never comes.
 */
import { SENT_PURPOSES, type SentPurpose, type SubscriptionCredits } from '@/contracts/member';
import { AppError } from '@/contracts/errors';
import { mayReceiveMemberMessages } from '@/domain/consent';
import type { Ctx } from '../_shared/runtime';
import { requireMember } from '../_shared/repos/members';
import { grantCredit, subscriptionsOf } from '../_shared/repos/subscriptions';

/** template id → purpose, for the purposes members can subscribe to */
export function purposeByTemplate(templates: Record<string, string>): Map<string, SentPurpose> {
  const map = new Map<string, SentPurpose>();
  for (const purpose of SENT_PURPOSES) {
    const templateId = templates[purpose];
    if (templateId) map.set(templateId, purpose);
  }
  return map;
}

export async function recordSubscriptions(
  ctx: Ctx,
  results: Record<string, string>,
): Promise<{ credits: SubscriptionCredits }> {
  const { db, now } = ctx;
  const member = await requireMember(db, ctx.identity.openid);
  // withdrawn (privacy page): a credit would promise a message that is never sent
  if (!mayReceiveMemberMessages(member.consent)) throw new AppError('CONSENT.REQUIRED');
  const purposes = purposeByTemplate(ctx.config.templates);
  const accepted = Object.entries(results).filter(
    ([templateId, answer]) => answer === 'accept' && purposes.has(templateId),
  );
  await Promise.all(
    accepted.map(([templateId]) =>
      grantCredit(db, {
        openid: ctx.identity.openid,
        memberId: member._id,
        purpose: purposes.get(templateId)!,
        templateId,
        now,
      }),
    ),
  );
  return { credits: await creditsOf(ctx, member._id) };
}

/** Unspent credits by purpose, over every linked identity, for the current template ids. */
export async function creditsOf(ctx: Ctx, memberId: string): Promise<SubscriptionCredits> {
  const purposes = purposeByTemplate(ctx.config.templates);
  const credits = Object.fromEntries(SENT_PURPOSES.map((p) => [p, 0])) as SubscriptionCredits;
  for (const sub of await subscriptionsOf(ctx.db, memberId)) {
    const purpose = purposes.get(sub.templateId);
    if (purpose) credits[purpose] += Math.max(0, sub.credits);
  }
  return credits;
}

/** What the page asks for, and what the member holds. */
export async function getSubscriptions(ctx: Ctx): Promise<{
  templates: Partial<Record<SentPurpose, string>>;
  credits: SubscriptionCredits;
}> {
  const member = await requireMember(ctx.db, ctx.identity.openid);
  const templates: Partial<Record<SentPurpose, string>> = {};
  for (const [templateId, purpose] of purposeByTemplate(ctx.config.templates))
    templates[purpose] = templateId;
  return { templates, credits: await creditsOf(ctx, member._id) };
}
