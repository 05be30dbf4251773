/**
 * The limit-slot claim (repos/claims.ts) put to the test: one member, a template with a
 * per-member limit, several issues with different keys at once.
 */
import type { Database } from '../../../cloudfunctions/_shared/db';
import { ids } from '../../../cloudfunctions/_shared/runtime';
import { issueFromTemplate } from '../../../cloudfunctions/_shared/repos/coupons';
import { amountOffTemplate } from '../../../src/domain/chainCoupons';
import type { CouponTemplate } from '../../../src/domain/coupons';

/** A no-threshold coupon template (7 days) of which each member may hold `perMemberLimit`. */
export const limitedTemplate = (amountFen: number, perMemberLimit = 1): CouponTemplate => ({
  ...amountOffTemplate(amountFen, 7),
  perMemberLimit,
});

/**
 * Issues the template once per key, all at once, to one member; answers each outcome in key
 * order: 'issued', 'duplicate' (the key was issued before) or the error code.
 */
export function issueAtOnce(
  db: Database,
  a: {
    memberId: string;
    templateId: string;
    template: CouponTemplate;
    keys: string[];
    now: number;
  },
): Promise<string[]> {
  return Promise.all(
    a.keys.map((issueKey) =>
      issueFromTemplate(db, ids, {
        memberId: a.memberId,
        templateId: a.templateId,
        template: a.template,
        issueKey,
        now: a.now,
        source: 'campaign',
      }).then(
        (c) => (c ? 'issued' : 'duplicate'),
        (e: { code?: string }) => e.code ?? String(e),
      ),
    ),
  );
}
