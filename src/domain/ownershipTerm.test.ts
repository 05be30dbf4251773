import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from './calendar';
import {
  decideOwnerOnPurchase,
  ownerBeforePurchase,
  planOwnerOnPurchase,
  returnDue,
  termEnd,
  type OwnedByTerm,
  type OwnerDecision,
  type OwnerPlan,
} from './ownershipTerm';

const t0 = shanghaiTime(2026, 3, 1, 15, 0);
const until = termEnd(t0);
const original = { clerkId: 'C1', storeId: 'S1' };
const owned: OwnedByTerm = { clerkId: 'C1', homeStoreId: 'S1', ownerTerm: null };
const fresh: OwnedByTerm = { clerkId: null, homeStoreId: 'S1', ownerTerm: null };
const nobody: OwnedByTerm = { clerkId: null, homeStoreId: null, ownerTerm: null };
const forNow: OwnedByTerm = { clerkId: 'C9', homeStoreId: 'S2', ownerTerm: { until, original } };
const day = 86_400_000;

describe('termEnd', () => {
  it('ends at the close of the 30th Shanghai day after the purchase', () => {
    expect(termEnd(t0)).toBe(shanghaiTime(2026, 3, 31, 23, 59, 59) + 999);
  });
});

describe('who owns a customer after a purchase', () => {
  it.each<
    [string, OwnedByTerm, { clerkId: string | null; storeId: string; at: number }, OwnerDecision]
  >([
    [
      'own clerk, own store: nothing',
      owned,
      { clerkId: 'C1', storeId: 'S1', at: t0 },
      { kind: 'none' },
    ],
    [
      'another clerk of the same store: nothing',
      owned,
      { clerkId: 'C2', storeId: 'S1', at: t0 },
      { kind: 'none' },
    ],
    [
      'no clerk serving (mall, import): nothing',
      owned,
      { clerkId: null, storeId: 'S2', at: t0 },
      { kind: 'none' },
    ],
    [
      'nobody served them yet: the first clerk, for good',
      fresh,
      { clerkId: 'C2', storeId: 'S1', at: t0 },
      { kind: 'firstPurchase', to: { clerkId: 'C2', storeId: 'S1' } },
    ],
    [
      'no store yet: the first clerk and store, for good',
      nobody,
      { clerkId: 'C2', storeId: 'S3', at: t0 },
      { kind: 'firstPurchase', to: { clerkId: 'C2', storeId: 'S3' } },
    ],
    [
      'another store: the serving clerk for 30 days',
      owned,
      { clerkId: 'C9', storeId: 'S2', at: t0 },
      { kind: 'temporary', to: { clerkId: 'C9', storeId: 'S2' }, term: { until, original } },
    ],
    [
      'a store customer nobody served buys elsewhere: for now too',
      fresh,
      { clerkId: 'C9', storeId: 'S2', at: t0 },
      {
        kind: 'temporary',
        to: { clerkId: 'C9', storeId: 'S2' },
        term: { until, original: { clerkId: null, storeId: 'S1' } },
      },
    ],
    [
      'again in the new store within the term: for good',
      forNow,
      { clerkId: 'C8', storeId: 'S2', at: t0 + 10 * day },
      { kind: 'permanent', to: { clerkId: 'C9', storeId: 'S2' } },
    ],
    [
      'again in the new store on the last instant: for good',
      forNow,
      { clerkId: 'C9', storeId: 'S2', at: until },
      { kind: 'permanent', to: { clerkId: 'C9', storeId: 'S2' } },
    ],
    [
      'back in the original store within the term: returned',
      forNow,
      { clerkId: 'C2', storeId: 'S1', at: t0 + day },
      { kind: 'returned', to: original },
    ],
    [
      'a third store within the term: a new term, same original',
      forNow,
      { clerkId: 'C7', storeId: 'S3', at: t0 + day },
      {
        kind: 'temporary',
        to: { clerkId: 'C7', storeId: 'S3' },
        term: { until: termEnd(t0 + day), original },
      },
    ],
    [
      'in the new store after the term (not yet returned): nothing',
      forNow,
      { clerkId: 'C9', storeId: 'S2', at: until + 1 },
      { kind: 'none' },
    ],
    [
      'in the original store after the term: a new term from the current owner',
      forNow,
      { clerkId: 'C2', storeId: 'S1', at: until + 1 },
      {
        kind: 'temporary',
        to: { clerkId: 'C2', storeId: 'S1' },
        term: { until: termEnd(until + 1), original: { clerkId: 'C9', storeId: 'S2' } },
      },
    ],
  ])('%s', (_name, member, purchase, expected) => {
    expect(decideOwnerOnPurchase(member, purchase)).toEqual(expected);
  });
});

describe('the end of a term', () => {
  it.each<[string, OwnedByTerm, number, OwnerDecision]>([
    ['no term: nothing', owned, t0 + 90 * day, { kind: 'none' }],
    ['within the term: nothing', forNow, until, { kind: 'none' }],
    [
      'after the term: back to the original owner',
      forNow,
      until + 1,
      { kind: 'returned', to: original },
    ],
  ])('%s', (_name, member, now, expected) => {
    expect(returnDue(member, now)).toEqual(expected);
  });
});

describe('a purchase’s owner plan (a due return first)', () => {
  const s1 = original;
  const s2 = { clerkId: 'C9', storeId: 'S2' };
  it.each<
    [string, OwnedByTerm, { clerkId: string | null; storeId: string; at: number }, OwnerPlan | null]
  >([
    ['own store: nothing', owned, { clerkId: 'C1', storeId: 'S1', at: t0 }, null],
    [
      'another store: for now, the owner told',
      owned,
      { clerkId: 'C9', storeId: 'S2', at: t0 },
      {
        steps: [{ why: 'crossStore', from: s1, to: s2, at: t0 }],
        owner: s2,
        term: { until, original },
        tell: s1,
      },
    ],
    [
      'again in the new store within the term: confirmed, nobody told',
      forNow,
      { clerkId: 'C8', storeId: 'S2', at: t0 + day },
      {
        steps: [{ why: 'confirmed', from: s2, to: s2, at: t0 + day }],
        owner: s2,
        term: null,
        tell: null,
      },
    ],
    [
      'back home within the term: reverted',
      forNow,
      { clerkId: 'C1', storeId: 'S1', at: t0 + day },
      {
        steps: [{ why: 'reverted', from: s2, to: s1, at: t0 + day }],
        owner: s1,
        term: null,
        tell: null,
      },
    ],
    [
      'after the term, back home: the return written, nothing else',
      forNow,
      { clerkId: 'C2', storeId: 'S1', at: until + day },
      {
        steps: [{ why: 'reverted', from: s2, to: s1, at: until }],
        owner: s1,
        term: null,
        tell: null,
      },
    ],
    [
      'after the term, in the new store again: returned, then a new term',
      forNow,
      { clerkId: 'C9', storeId: 'S2', at: until + day },
      {
        steps: [
          { why: 'reverted', from: s2, to: s1, at: until },
          { why: 'crossStore', from: s1, to: s2, at: until + day },
        ],
        owner: s2,
        term: { until: termEnd(until + day), original },
        tell: s1,
      },
    ],
    [
      'a store customer nobody served buys elsewhere: for now, nobody to tell',
      fresh,
      { clerkId: 'C9', storeId: 'S2', at: t0 },
      {
        steps: [{ why: 'crossStore', from: { clerkId: null, storeId: 'S1' }, to: s2, at: t0 }],
        owner: s2,
        term: { until, original: { clerkId: null, storeId: 'S1' } },
        tell: null,
      },
    ],
  ])('%s', (_name, member, purchase, expected) => {
    expect(planOwnerOnPurchase(member, purchase)).toEqual(expected);
  });
});

describe('ownerBeforePurchase: who had the customer when they bought', () => {
  const s2 = { clerkId: 'C9', storeId: 'S2' };
  it.each<[string, OwnerPlan & { from: typeof original }, number, typeof original]>([
    [
      'a cross-store purchase: the owner it left',
      {
        steps: [{ why: 'crossStore', from: original, to: s2, at: t0 }],
        owner: s2,
        term: null,
        tell: original,
        from: original,
      },
      t0,
      original,
    ],
    [
      'a confirming purchase: the temporary owner',
      {
        steps: [{ why: 'confirmed', from: s2, to: s2, at: t0 }],
        owner: s2,
        term: null,
        tell: null,
        from: s2,
      },
      t0,
      s2,
    ],
    [
      'back home within the term: the temporary owner',
      {
        steps: [{ why: 'reverted', from: s2, to: original, at: t0 }],
        owner: original,
        term: null,
        tell: null,
        from: s2,
      },
      t0,
      s2,
    ],
    [
      'after the term ended: the owner returned to',
      {
        steps: [{ why: 'reverted', from: s2, to: original, at: until }],
        owner: original,
        term: null,
        tell: null,
        from: s2,
      },
      until + 1,
      original,
    ],
  ])('%s', (_name, plan, at, expected) => {
    expect(ownerBeforePurchase(plan, at)).toEqual(expected);
  });
});
