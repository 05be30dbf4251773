/**
 * Demo data for `npm start`: a believable chain — 5 stores in East China, 2 clerks and a
 * manager each, HQ, ~300 members with a year of purchases across categories, point lots
 * and ledger, coupons (new-member gifts, some used, some expired), all consistent with
 * the domain rules (points from computeEarnedPoints, levels from rolling spend, stats
 * from applyOrderToStats). Deterministic (seeded random), written once: a marker in
 * `jobRuns` makes a second run a no-op. Daily rollups for the reports: demoRollups.ts; the
 * campaign and automation history: demoResponses.ts. The chain's fixed facts are demoChain.ts, one
 * member's year demoMember.ts, the catalogue loyaltyCatalogue.ts.
 */
import { loyaltyCatalogue } from './loyaltyCatalogue';
import { demoUnionid } from './staffFollowers';
import {
  claimsOfCoupon,
  claimsOfMember,
  claimsOfStaff,
} from '../../cloudfunctions/_shared/repos/claims';
import { DEMO_STORES, demoStoresAndStaff } from './demoChain';
import { addDemoMember, type DemoBooks } from './demoMember';
import { demoService } from './demoService';
import { rng } from './rng';
import { demoRollups } from './demoRollups';
import { demoResponses } from './demoResponses';

export { DEMO_STORES } from './demoChain';

type BulkDb = {
  insertMany(collection: string, docs: Record<string, unknown>[]): unknown;
  find(
    collection: string,
    query: Record<string, unknown>,
    opts: { limit: number },
  ): Record<string, unknown>[];
};

const MARKER = 'seed:demo:v1';

export type DemoSeedResult = { created: boolean; summary: string };

/** `piiHashSecret` must be the functions' CRM_PII_HASH_SECRET (gift claims are keyed by it). */
export async function seedDemo(
  db: BulkDb,
  now: number,
  piiHashSecret: string,
  memberCount = 300,
): Promise<DemoSeedResult> {
  if (db.find('jobRuns', { _id: MARKER }, { limit: 1 }).length > 0)
    return { created: false, summary: '' };
  const r = rng(20261122);

  const { stores, staff, clerksByStore } = demoStoresAndStaff(now);
  for (const s of staff) s.unionid = demoUnionid(String(s.openid)); // linked to the 服务号: staffFollowers.ts
  const books: DemoBooks = {
    members: [],
    identities: [],
    orders: [],
    lots: [],
    ledger: [],
    coupons: [],
    giftClaims: [],
  };
  const { members, identities, orders, lots, ledger, coupons, giftClaims } = books;
  const receiptSeq = new Map<string, number>();
  const phones = new Set<string>();

  const responses = demoResponses(now, piiHashSecret);
  for (let i = 0; i < memberCount; i++)
    addDemoMember(books, {
      r,
      i,
      now,
      piiHashSecret,
      phones,
      receiptSeq,
      clerksByStore,
      responses,
    });
  const history = responses.finish(orders, String(staff.find((s) => s.role === 'hq')!._id));
  coupons.push(...history.coupons);

  db.insertMany('stores', stores);
  db.insertMany('staff', staff);
  db.insertMany('members', members);
  db.insertMany('identities', identities);
  db.insertMany('orders', orders);
  db.insertMany('pointLots', lots);
  db.insertMany('pointsLedger', ledger);
  db.insertMany('coupons', coupons);
  db.insertMany('giftClaims', giftClaims);
  // the reports' daily rollups, as the order path and the nightly pass would have kept them
  db.insertMany(
    'dailyRollups',
    demoRollups(
      orders,
      members,
      stores.map((s) => String(s._id)),
      now,
    ),
  );
  // a finished campaign and half a year of automation runs, with their response rollups
  db.insertMany('campaigns', [history.campaign]);
  db.insertMany('automationRuns', history.runs);
  db.insertMany('responseRollups', history.rollups);
  db.insertMany('jobRuns', history.markers);
  const service = demoService(r, members, now);
  db.insertMany('tasks', service.tasks);
  db.insertMany('tickets', service.tickets);
  const catalogue = loyaltyCatalogue(now, {
    storeIds: DEMO_STORES.map((s) => s.id),
    personaMemberIds: identities.map((x) => String(x.memberId)),
  });
  for (const [collection, docs] of Object.entries(catalogue)) db.insertMany(collection, docs);
  // the claims the functions write beside each member, staff record and coupon (repos/claims.ts)
  db.insertMany(
    'uniqueClaims',
    [
      ...members.map((m) =>
        claimsOfMember(m as Parameters<typeof claimsOfMember>[0], piiHashSecret),
      ),
      ...staff.map((s) => claimsOfStaff(s as Parameters<typeof claimsOfStaff>[0])),
      ...[...coupons, ...catalogue.coupons].map((c) => claimsOfCoupon(c)),
    ].flat(),
  );
  db.insertMany('jobRuns', [{ _id: MARKER, at: now }]);
  return {
    created: true,
    summary: `${stores.length} stores, ${staff.length} staff, ${members.length} members, ${orders.length} orders, ${coupons.length} coupons, ${history.runs.length} automation runs`,
  };
}
