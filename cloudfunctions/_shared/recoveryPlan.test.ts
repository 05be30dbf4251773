import { describe, expect, it } from '@jest/globals';
import type { LevelDecision } from '@/domain/levels';
import {
  APPLIED_OPS_KEPT,
  claimNeedsRenewal,
  creditState,
  GRACE_MS,
  LEASE_FRESH_MS,
  LEVEL_RECOVERY_MS,
  levelDue,
  planCouponClaim,
  planOrderRepair,
  planRedemption,
  planRedemptionRetry,
  planRedemptionUndo,
  repairNeeded,
  type MemberFacts,
  type OrderFacts,
  type RedemptionFacts,
} from './recoveryPlan';

const now = 1_800_000_000_000;
const full = Array.from({ length: APPLIED_OPS_KEPT }, (_v, i) => `order:other${i}`);
const toSilver: LevelDecision = {
  kind: 'levelChanged',
  from: 'normal',
  to: 'silver',
  direction: 'up',
  notice: '恭喜升级为银卡会员',
} as LevelDecision;

describe('creditState', () => {
  const c = { opKey: 'order:S001.R1', points: 10 };
  it.each([
    ['its key applied', { appliedOps: ['order:S001.R1'] }, 'applied'],
    ['its key absent, nothing evicted', { appliedOps: [] }, 'due'],
    ['its key absent from a full list, lot unknown', { appliedOps: full }, 'unknown'],
    [
      'its key absent from a full list, lot there',
      { appliedOps: full, lotExists: true },
      'applied',
    ],
    ['its key absent from a full list, no lot', { appliedOps: full, lotExists: false }, 'due'],
  ] as const)('%s → %s', (_name, seen, expected) => {
    expect(creditState(c, seen)).toBe(expected);
  });
  it('a zero-point credit absent from a full list is taken as applied (never doubled)', () => {
    expect(creditState({ ...c, points: 0 }, { appliedOps: full })).toBe('applied');
  });
});

describe('planOrderRepair', () => {
  const order: OrderFacts = {
    _id: 'S001.R1',
    opKey: 'order:S001.R1',
    pointsEarned: 496,
    createdAt: now - GRACE_MS,
    levelChange: null,
  };
  const member = (over: Partial<MemberFacts> = {}): MemberFacts => ({
    status: 'active',
    level: 'normal',
    appliedOps: [],
    notices: [],
    ...over,
  });
  const seen = (over: Partial<Parameters<typeof planOrderRepair>[1]> = {}) => ({
    member: member(),
    lotExists: false,
    ledgerExists: false,
    ...over,
  });
  it.each([
    ['the instance died right after the order', seen(), { credit: true, lot: true, ledger: true }],
    [
      'it died after the member update',
      seen({ member: member({ appliedOps: ['order:S001.R1'] }) }),
      { credit: false, lot: true, ledger: true },
    ],
    [
      'it died between the lot and the ledger',
      seen({ member: member({ appliedOps: ['order:S001.R1'] }), lotExists: true }),
      { credit: false, lot: false, ledger: true },
    ],
    [
      'everything was done',
      seen({
        member: member({ appliedOps: ['order:S001.R1'] }),
        lotExists: true,
        ledgerExists: true,
      }),
      { credit: false, lot: false, ledger: false },
    ],
    [
      'a deleted member gets nothing',
      seen({ member: member({ status: 'deleted' }) }),
      { credit: false, lot: false, ledger: false },
    ],
  ])('%s', (_name, s, expected) => {
    expect(planOrderRepair(order, s, now)).toEqual({ ...expected, level: null });
  });
  it('an imported order (no opKey) has no effects to finish', () => {
    expect(repairNeeded(planOrderRepair({ ...order, opKey: undefined }, seen(), now))).toBe(false);
  });
  it('a zero-point order needs only its member update (stats), no lot or ledger entry', () => {
    expect(planOrderRepair({ ...order, pointsEarned: 0 }, seen(), now)).toEqual({
      credit: true,
      lot: false,
      ledger: false,
      level: null,
    });
  });
  it('an order whose credit is done but whose level change was not made raises the level', () => {
    const o = { ...order, levelChange: toSilver };
    const s = seen({
      member: member({ appliedOps: ['order:S001.R1'] }),
      lotExists: true,
      ledgerExists: true,
    });
    expect(planOrderRepair(o, s, now).level).toEqual(toSilver);
    expect(repairNeeded(planOrderRepair(o, s, now))).toBe(true);
  });
});

describe('levelDue', () => {
  const order: OrderFacts = {
    _id: 'S001.R1',
    opKey: 'order:S001.R1',
    pointsEarned: 1,
    createdAt: now - GRACE_MS,
    levelChange: toSilver,
  };
  const m: MemberFacts = { status: 'active', level: 'normal', notices: [] };
  it('is the order’s change when this attempt credited the member', () => {
    expect(levelDue(order, { ...m, level: 'gold' }, true, now)).toEqual(toSilver);
  });
  it('recovering: due while the member is still at the level the order started from', () => {
    expect(levelDue(order, m, false, now)).toEqual(toSilver);
  });
  it('recovering: not when the notice of this order is there already', () => {
    expect(levelDue(order, { ...m, notices: [{ id: 'level:S001.R1' }] }, false, now)).toBeNull();
  });
  it('recovering: not when the level has moved since', () => {
    expect(levelDue(order, { ...m, level: 'silver' }, false, now)).toBeNull();
  });
  it('recovering: not for an order older than a day (a later downgrade must stand)', () => {
    const old = { ...order, createdAt: now - LEVEL_RECOVERY_MS - 1 };
    expect(levelDue(old, m, false, now)).toBeNull();
  });
  it('nothing when the order changed no level', () => {
    expect(levelDue({ ...order, levelChange: null }, m, true, now)).toBeNull();
  });
});

describe('planCouponClaim', () => {
  const claim = {
    status: 'used',
    orderId: 'S001.R1',
    claimedAt: now - GRACE_MS,
    usedAt: now - GRACE_MS,
  };
  it.each([
    ['its order exists', claim, true, { kind: 'keep' }],
    [
      'abandoned: no order, claim older than the grace period',
      claim,
      false,
      { kind: 'release', lease: claim.claimedAt },
    ],
    [
      'no order yet, claim younger than the grace period',
      { ...claim, claimedAt: now - GRACE_MS + 1 },
      false,
      { kind: 'wait' },
    ],
    ['not used', { ...claim, status: 'unused' }, false, { kind: 'keep' }],
    [
      'claimed before leases existed: its use time is the lease',
      { ...claim, claimedAt: undefined },
      false,
      { kind: 'release', lease: claim.usedAt },
    ],
  ] as const)('%s → %o', (_name, c, orderExists, expected) => {
    expect(planCouponClaim(c, orderExists, now)).toEqual(expected);
  });
  it('a retry renews a lease older than LEASE_FRESH_MS, not a fresher one', () => {
    expect(claimNeedsRenewal({ ...claim, claimedAt: now - LEASE_FRESH_MS }, now)).toBe(true);
    expect(claimNeedsRenewal({ ...claim, claimedAt: now - LEASE_FRESH_MS + 1 }, now)).toBe(false);
  });
  it('the grace period outlives a fresh lease by more than a function life (60 s)', () => {
    expect(GRACE_MS - LEASE_FRESH_MS).toBeGreaterThan(60_000);
  });
});

describe('redemptions', () => {
  const r: RedemptionFacts = {
    status: 'pending',
    leaseAt: now - GRACE_MS,
    rewardId: 'rw1',
    stockHeld: true,
    couponIssueKey: 'mall:rdm_1',
    couponSpec: { templateId: 'tpl' },
    couponStocked: true,
  };
  it.each([
    ['done', 'answer'],
    ['reserved', 'answer'],
    ['pending', 'resume'],
    ['cancelling', 'refuse'],
  ] as const)('a retried tap of a %s redemption: %s', (status, expected) => {
    expect(planRedemptionRetry({ ...r, status })).toBe(expected);
  });
  it.each([
    ['pending past its lease', r, { kind: 'cancel', lease: r.leaseAt }],
    ['pending within its lease', { ...r, leaseAt: now - GRACE_MS + 1 }, { kind: 'wait' }],
    ['half undone', { ...r, status: 'cancelling' }, { kind: 'finishCancel' }],
    ['committed', { ...r, status: 'done' }, { kind: 'none' }],
  ] as const)('the reconciler, %s → %o', (_name, x, expected) => {
    expect(planRedemption(x, now)).toEqual(expected);
  });
  it('undoes in order: the reward unit, the coupon (and its template unit), then forgets the intent', () => {
    expect(planRedemptionUndo(r)).toEqual([
      { kind: 'releaseStock', rewardId: 'rw1' },
      { kind: 'revokeCoupon', issueKey: 'mall:rdm_1', templateId: 'tpl', returnStock: true },
      { kind: 'forget' },
    ]);
  });
  it('a gift with unlimited stock has nothing to give back but the intent', () => {
    expect(
      planRedemptionUndo({ ...r, stockHeld: false, couponIssueKey: null, couponSpec: null }),
    ).toEqual([{ kind: 'forget' }]);
  });
});
