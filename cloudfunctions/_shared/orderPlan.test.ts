import { describe, expect, it } from '@jest/globals';
import { defaultSettings } from '@/domain/settings';
import { emptyStats } from '@/domain/memberStats';
import { endOfShanghaiYear, shanghaiTime } from '@/domain/calendar';
import { planOrder, type OrderPlanInput } from './orderPlan';
import { couponDocOf, couponSpecOf, type CouponDoc } from './repos/coupons';
import { amountOffTemplate } from '@/domain/chainCoupons';
import type { MemberDoc } from './repos/members';
import type { StaffDoc } from './repos/staff';

const now = shanghaiTime(2026, 11, 22, 15);
const member = (over: Partial<MemberDoc> = {}): MemberDoc =>
  ({
    _id: 'm1',
    level: 'normal',
    points: { balance: 100, lifetime: 100 },
    stats: emptyStats(),
    clerkId: 'C0011',
    homeStoreId: 'S001',
    status: 'active',
    ...over,
  }) as MemberDoc;
const clerk = (over: Partial<StaffDoc> = {}): StaffDoc => ({
  _id: 'C0011',
  name: '王芳',
  role: 'clerk',
  storeId: 'S001',
  openid: 'o',
  active: true,
  createdAt: 0,
  ...over,
});
/** A ¥10 no-threshold coupon as issued (repos/coupons.ts), valid until just after `now`. */
const tenYuan = (over: Partial<CouponDoc> = {}): CouponDoc => ({
  ...couponDocOf({
    memberId: 'm1',
    code: 'C1',
    issueKey: 'test:c1',
    now: 0,
    spec: couponSpecOf(
      't',
      amountOffTemplate(1_000, 30),
      { validFrom: 0, validUntil: now + 1 },
      'signup',
    ),
  }),
  _id: 'c1',
  ...over,
});
const lines = [
  { category: '家居清洁', name: null, quantity: 2, amountFen: 15_800 },
  { category: '个人护理', name: null, quantity: 1, amountFen: 10_000 },
];
const input = (over: Partial<OrderPlanInput> = {}): OrderPlanInput => ({
  now,
  storeId: 'S001',
  receiptNo: 'R1',
  lines,
  source: 'till',
  member: member(),
  coupon: null,
  clerk: clerk(),
  settings: defaultSettings,
  ...over,
});

describe('planOrder', () => {
  it('¥258 with a ¥10 coupon: ¥248 paid, double points, a lot expiring at the end of next year', () => {
    const { order, couponIsOurs, levelChange } = planOrder(input({ coupon: tenYuan() }));
    expect(order).toMatchObject({
      _id: 'S001.R1',
      amountFen: 25_800,
      discountFen: 1_000,
      paidFen: 24_800,
      couponId: 'c1',
      pointsEarned: 496,
      doubled: true,
      lotId: 'lot:order:S001.R1',
      pointsExpireAt: endOfShanghaiYear(now, 1),
      levelBefore: 'normal',
      levelAfter: 'normal',
      pointsBalanceAfter: 596,
      reassign: null,
      previousClerkId: null,
    });
    expect([couponIsOurs, levelChange]).toEqual([false, null]);
  });

  it('plans an upgrade when the order lifts the rolling spend over a threshold', () => {
    const stats = { ...emptyStats(), spendByMonth: { '2026-11': 80_000 } };
    const { order, levelChange } = planOrder(input({ member: member({ stats }) }));
    expect(levelChange).toMatchObject({ from: 'normal', to: 'silver', direction: 'up' });
    expect(order.levelAfter).toBe('silver');
  });

  it('never plans a downgrade at the till', () => {
    expect(planOrder(input({ member: member({ level: 'gold' }) })).levelChange).toBeNull();
  });

  it('moves a member buying at another store to the clerk who served them', () => {
    const { order } = planOrder(
      input({ storeId: 'S002', clerk: clerk({ _id: 'C0021', storeId: 'S002' }) }),
    );
    expect(order).toMatchObject({
      reassign: { clerkId: 'C0021', homeStoreId: 'S002' },
      previousClerkId: 'C0011',
      previousHomeStoreId: 'S001',
    });
    expect(planOrder(input({ clerk: clerk({ _id: 'C0012' }) })).order.reassign).toBeNull(); // same store, other clerk
    expect(
      planOrder(input({ member: member({ clerkId: null }), clerk: clerk({ _id: 'C0012' }) })).order
        .reassign,
    ).toEqual({ clerkId: 'C0012', homeStoreId: 'S001' });
    expect(
      planOrder(input({ storeId: 'S002', clerk: null, source: 'pos' })).order.reassign,
    ).toBeNull();
  });

  it('plans the 30-day term of a cross-store move, and its confirmation within the term', () => {
    const { order } = planOrder(
      input({ storeId: 'S002', clerk: clerk({ _id: 'C0021', storeId: 'S002' }) }),
    );
    const original = { clerkId: 'C0011', storeId: 'S001' };
    expect(order.ownerPlan).toMatchObject({
      steps: [{ why: 'crossStore', from: original, to: { clerkId: 'C0021', storeId: 'S002' } }],
      term: { original },
      tell: original,
      from: original,
      rev: null,
    });
    const moved = member({
      clerkId: 'C0021',
      homeStoreId: 'S002',
      ownerTerm: order.ownerPlan!.term,
      ownerRev: 1,
    });
    const again = planOrder(
      input({ member: moved, storeId: 'S002', clerk: clerk({ _id: 'C0022', storeId: 'S002' }) }),
    ).order;
    expect(again.ownerPlan).toMatchObject({ steps: [{ why: 'confirmed' }], term: null, rev: 1 });
    expect(again.previousClerkId).toBeNull();
  });

  it('throws the coupon’s error when it cannot be used', () => {
    expect(() =>
      planOrder(input({ coupon: tenYuan({ thresholdFen: 30_000, kind: 'threshold' }) })),
    ).toThrow(expect.objectContaining({ code: 'COUPON.THRESHOLD_NOT_MET' }));
    expect(() =>
      planOrder(input({ coupon: tenYuan({ status: 'used', orderId: 'S001.OTHER' }) })),
    ).toThrow(expect.objectContaining({ code: 'COUPON.ALREADY_USED' }));
  });

  it('a retry of the receipt recognises its own used coupon, checked as of its use', () => {
    const used = tenYuan({
      status: 'used',
      orderId: 'S001.R1',
      usedAt: now - 1_000,
      validUntil: now - 500,
    });
    const plan = planOrder(input({ coupon: used }));
    expect(plan.couponIsOurs).toBe(true);
    expect(plan.order.discountFen).toBe(1_000);
  });

  it('an order that paid nothing earns nothing and has no lot', () => {
    const { order } = planOrder(
      input({
        lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 800 }],
        coupon: tenYuan(),
      }),
    );
    expect(order).toMatchObject({ paidFen: 0, discountFen: 800, pointsEarned: 0, lotId: null });
  });
});
