import { describe, expect, it } from '@jest/globals';
import {
  mergeRecent,
  RECENT_PURCHASES_KEPT,
  recentPurchaseOf,
  recentPurchasesIncomplete,
  withRefund,
} from './recentPurchases';

const order = (n: number, extra: Record<string, unknown> = {}) => ({
  _id: `S001.R${n}`,
  storeId: 'S001',
  receiptNo: `R${n}`,
  lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 8_600 }],
  amountFen: 8_600,
  discountFen: 0,
  paidFen: 8_600,
  pointsEarned: 86,
  status: 'completed' as const,
  refundedFen: 0,
  createdAt: 1_000 * n,
  ...extra,
});

describe('recentPurchaseOf', () => {
  it('keeps what the card shows, without the store name', () => {
    expect(recentPurchaseOf(order(1))).toEqual({
      id: 'S001.R1',
      storeId: 'S001',
      receiptNo: 'R1',
      lines: [{ category: '家居清洁', name: null, quantity: 1, amountFen: 8_600 }],
      amountFen: 8_600,
      discountFen: 0,
      paidFen: 8_600,
      pointsEarned: 86,
      status: 'completed',
      refundedFen: 0,
      createdAt: 1_000,
    });
  });

  it('fills what imported orders lack', () => {
    const o = order(1, { discountFen: undefined, status: undefined, refundedFen: undefined });
    o.lines = [{ category: '个人护理', amountFen: 500 } as (typeof o.lines)[0]];
    expect(recentPurchaseOf(o)).toMatchObject({
      discountFen: 0,
      status: 'completed',
      refundedFen: 0,
      lines: [{ category: '个人护理', name: null, quantity: 1, amountFen: 500 }],
    });
  });
});

describe('withRefund', () => {
  const list = [recentPurchaseOf(order(2)), recentPurchaseOf(order(1))];

  it('rewrites the refunded entry only', () => {
    const after = withRefund(list, 'S001.R1', { status: 'partially_refunded', refundedFen: 100 });
    expect(after?.map((p) => [p.id, p.status, p.refundedFen])).toEqual([
      ['S001.R2', 'completed', 0],
      ['S001.R1', 'partially_refunded', 100],
    ]);
  });

  it('answers null for an order not in the list (nothing to write)', () => {
    expect(withRefund(list, 'S001.R9', { status: 'refunded', refundedFen: 1 })).toBeNull();
    expect(withRefund(undefined, 'S001.R1', { status: 'refunded', refundedFen: 1 })).toBeNull();
  });
});

describe('recentPurchasesIncomplete', () => {
  it('is incomplete when the field is missing (a member from before it)', () => {
    expect(recentPurchasesIncomplete({ stats: { orderCount: 0 } })).toBe(true);
  });
  it('is complete for a member without orders and an empty list', () => {
    expect(recentPurchasesIncomplete({ recentPurchases: [], stats: { orderCount: 0 } })).toBe(
      false,
    );
  });
  it('is incomplete when shorter than the orders allow', () => {
    const one = [recentPurchaseOf(order(1))];
    expect(recentPurchasesIncomplete({ recentPurchases: one, stats: { orderCount: 2 } })).toBe(
      true,
    );
  });
  it('is complete with the kept number for a member with many orders', () => {
    const five = [1, 2, 3, 4, 5].map((n) => recentPurchaseOf(order(n)));
    expect(recentPurchasesIncomplete({ recentPurchases: five, stats: { orderCount: 40 } })).toBe(
      false,
    );
  });
});

describe('mergeRecent', () => {
  it('orders newest first and keeps at most the limit', () => {
    const merged = mergeRecent(
      [recentPurchaseOf(order(7))],
      [1, 2, 3, 4, 5, 6].map((n) => recentPurchaseOf(order(n))),
    );
    expect(merged).toHaveLength(RECENT_PURCHASES_KEPT);
    expect(merged.map((p) => p.receiptNo)).toEqual(['R7', 'R6', 'R5', 'R4', 'R3']);
  });
  it('takes the order as read over a kept entry of the same id', () => {
    const kept = [recentPurchaseOf(order(1))];
    const read = [recentPurchaseOf(order(1, { status: 'refunded', refundedFen: 8_600 }))];
    expect(mergeRecent(kept, read)).toEqual(read);
  });
});
