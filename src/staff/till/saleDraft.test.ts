import { describe, expect, it } from '@jest/globals';
import type { TillMemberView } from '@/contracts/staff';
import {
  DRAFT_TTL_MS,
  draftKey,
  emptyDraft,
  isBlank,
  newLine,
  readDraft,
  storedDraft,
  type SaleDraft,
} from './saleDraft';
import { coupon } from './testCoupon';

const member = { memberId: 'm1', coupons: [coupon()] } as unknown as TillMemberView;
const T = 1_780_000_000_000;
const sale = (over: Partial<SaleDraft> = {}): SaleDraft => ({
  ...emptyDraft(),
  member,
  lines: [{ key: 'l1', category: '香氛', name: '', amountText: '258' }],
  receiptNo: 'R1001',
  coupon: { kind: 'coupon', id: 'c1' },
  ...over,
});

describe('readDraft', () => {
  it('gives back what was stored (member, lines, coupon, receipt number)', () => {
    expect(readDraft(storedDraft(sale(), T), T + 60_000)).toEqual(sale());
  });

  it('drops a draft from an earlier shift', () => {
    expect(readDraft(storedDraft(sale(), T), T + DRAFT_TTL_MS + 1)).toBeNull();
    expect(readDraft(storedDraft(sale(), T), T + DRAFT_TTL_MS)).toEqual(sale());
  });

  it('drops nothing stored, another shape or a bad line', () => {
    expect(readDraft('', T)).toBeNull();
    expect(readDraft({ v: 2 }, T)).toBeNull();
    const bad = storedDraft(sale(), T) as Record<string, unknown>;
    expect(readDraft({ ...bad, lines: [{ key: 'x', category: 1 }] }, T)).toBeNull();
  });
});

describe('draftKey', () => {
  it('keeps two clerks, or one clerk in two stores, apart', () => {
    expect(draftKey({ staffId: 'C1', storeId: 'S001' })).toBe('crm.till.draft.C1.S001');
    expect(draftKey({ staffId: 'C2', storeId: 'S001' })).not.toBe(
      draftKey({ staffId: 'C1', storeId: 'S001' }),
    );
  });
});

describe('newLine', () => {
  it('takes a key after the existing ones (also after a reload) and the last category', () => {
    const lines = [
      { key: 'l1', category: '香氛', name: '', amountText: '1' },
      { key: 'l7', category: '收纳整理', name: '', amountText: '2' },
    ];
    expect(newLine(lines)).toEqual({ key: 'l8', category: '收纳整理', name: '', amountText: '' });
    expect(newLine([]).key).toBe('l1');
  });
});

describe('isBlank', () => {
  it('is blank only with nobody found and nothing typed', () => {
    expect(isBlank(emptyDraft())).toBe(true);
    expect(isBlank({ ...emptyDraft(), receiptNo: 'R1' })).toBe(false);
    expect(isBlank({ ...emptyDraft(), member })).toBe(false);
  });
});
