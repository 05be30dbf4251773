/**
 * Demo members and subscribe messages: the demo's WeChat identities (the 12 persona members)
 * accepted each message the app sends, as a shopper ticks them in the signup sheet and again
 * after purchases — 3 credits of every sent purpose each (the third persona declined all, so
 * the walk also shows the in-app fallback). Credits are granted twice, like WeChat and the
 * app count them: the emulated WeChat's own count (`openApi.grantSubscription`) and the
 * `subscriptions` documents the functions spend (repos/subscriptions.ts).
 */
import type { Emulator } from '../../emulator';
import { SENT_PURPOSES } from '../../config/sentPurposes';
import LOCAL_TEMPLATE_IDS from '../../config/local-template-ids.json';

const CREDITS = 3;

/** Grants the credits; answers how many identities hold them. */
export function grantDemoSubscriptions(
  emulator: Pick<Emulator, 'database' | 'openApi'>,
  now: number,
): number {
  const ids = LOCAL_TEMPLATE_IDS as Record<string, string>;
  const identities = emulator.database
    .find('identities', {}, { limit: 1_000 })
    .filter((x) => String(x._id).startsWith('o_demo_member_') && x._id !== 'o_demo_member_03');
  const docs = [];
  for (const identity of identities) {
    const openid = String(identity._id);
    for (const purpose of SENT_PURPOSES) {
      const templateId = ids[purpose];
      if (!templateId) continue;
      for (let i = 0; i < CREDITS; i++)
        emulator.openApi.grantSubscription(openid, [templateId], now);
      docs.push({
        _id: `${openid}:${templateId}`,
        openid,
        memberId: identity.memberId,
        purpose,
        templateId,
        credits: CREDITS,
        accepted: CREDITS,
        spent: 0,
        lastAcceptedAt: now,
        updatedAt: now,
      });
    }
  }
  emulator.database.insertMany('subscriptions', docs);
  return identities.length;
}
