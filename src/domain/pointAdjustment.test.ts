import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from './calendar';
import { lotExpiresAt } from './points';
import { defaultSettings } from './settings';
import { MAX_ADJUSTMENT, decideAdjustment, mayAdjustPoints } from './pointAdjustment';

const now = shanghaiTime(2027, 3, 10, 12);
const settings = defaultSettings;
const lots = [
  { id: 'late', remaining: 40, expiresAt: shanghaiTime(2028, 12, 31, 23) },
  { id: 'soon', remaining: 30, expiresAt: shanghaiTime(2027, 12, 31, 23) },
  { id: 'gone', remaining: 99, expiresAt: shanghaiTime(2027, 1, 1, 0) },
];

describe('decideAdjustment', () => {
  it.each([
    ['an addition is a new lot expiring like any other', 50, 70, { kind: 'credit', points: 50 }],
    [
      'a deduction takes the soonest-expiring lots first',
      -45,
      70,
      {
        kind: 'debit',
        points: 45,
        takes: [
          { lotId: 'soon', points: 30 },
          { lotId: 'late', points: 15 },
        ],
      },
    ],
    ['a deduction of everything spendable', -70, 70, { kind: 'debit', points: 70 }],
    [
      'never below zero: expired lots do not count',
      -71,
      70,
      { kind: 'insufficient', spendable: 70 },
    ],
    [
      'never below zero: the smaller of balance and lots counts',
      -60,
      50,
      { kind: 'insufficient', spendable: 50 },
    ],
  ])('%s', (_name, delta, balance, expected) => {
    expect(decideAdjustment({ delta, balance, lots, now, settings })).toMatchObject(expected);
  });

  it('dates an addition by the settings’ expiry rule', () => {
    expect(decideAdjustment({ delta: 5, balance: 0, lots: [], now, settings })).toEqual({
      kind: 'credit',
      points: 5,
      expiresAt: lotExpiresAt(now, settings),
    });
  });

  it.each([0, 1.5, MAX_ADJUSTMENT + 1, -MAX_ADJUSTMENT - 1, Number.NaN])(
    'refuses a delta of %p',
    (delta) => {
      expect(() => decideAdjustment({ delta, balance: 0, lots: [], now, settings })).toThrow();
    },
  );
});

describe('mayAdjustPoints', () => {
  it.each([
    ['hq', null, 'S002', true],
    ['hq', null, null, true],
    ['manager', 'S001', 'S001', true],
    ['manager', 'S001', 'S002', false],
    ['manager', 'S001', null, false],
    ['clerk', 'S001', 'S001', false],
  ] as const)('%s of %p, member of %p → %p', (role, storeId, homeStoreId, expected) => {
    expect(mayAdjustPoints({ role, storeId }, { homeStoreId })).toBe(expected);
  });
});
