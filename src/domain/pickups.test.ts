import { describe, expect, it } from '@jest/globals';
import type { StaffViewer } from './ownership';
import { collectableAt, mayCollect, pickupStatus, type PickupFacts } from './pickups';

const clerk = (storeId: string): StaffViewer => ({ staffId: 'C1', role: 'clerk', storeId });
const gift = (over: Partial<PickupFacts> = {}): PickupFacts => ({
  kind: 'gift',
  status: 'reserved',
  pickupStoreId: 'S1',
  collectedAt: null,
  ...over,
});

describe('what the member sees of a redemption', () => {
  it.each<[string, PickupFacts, unknown]>([
    ['a reserved gift waits', gift(), 'waiting'],
    ['a collected gift', gift({ collectedAt: 5 }), 'collected'],
    ['a coupon: nothing to pick up', { kind: 'coupon', status: 'done' }, null],
    ['a gift still pending (no points spent yet)', gift({ status: 'pending' }), null],
  ])('%s', (_case, r, expected) => {
    expect(pickupStatus(r)).toBe(expected);
  });
});

describe('who may hand a gift over', () => {
  it.each<[string, StaffViewer, PickupFacts | null, unknown]>([
    ['a clerk of the pickup store', clerk('S1'), gift(), { ok: true, already: false }],
    [
      'a manager of the pickup store',
      { staffId: 'M1', role: 'manager', storeId: 'S1' },
      gift(),
      { ok: true, already: false },
    ],
    ['a clerk of another store', clerk('S2'), gift(), { ok: false, code: 'AUTH.WRONG_STORE' }],
    [
      'any store when none was recorded',
      clerk('S2'),
      gift({ pickupStoreId: null }),
      { ok: true, already: false },
    ],
    ['again, once collected', clerk('S1'), gift({ collectedAt: 9 }), { ok: true, already: true }],
    [
      'HQ (no till)',
      { staffId: 'H1', role: 'hq', storeId: null },
      gift(),
      { ok: false, code: 'AUTH.FORBIDDEN' },
    ],
    [
      'a coupon redemption',
      clerk('S1'),
      gift({ kind: 'coupon', status: 'done' }),
      { ok: false, code: 'PICKUP.NOT_FOUND' },
    ],
    ['nothing', clerk('S1'), null, { ok: false, code: 'PICKUP.NOT_FOUND' }],
  ])('%s', (_case, actor, r, expected) => {
    expect(mayCollect(actor, r)).toEqual(expected);
  });

  it('HQ collects at no store', () => {
    expect(collectableAt(gift({ pickupStoreId: null }), null)).toBe(false);
  });
});
