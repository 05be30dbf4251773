import { describe, expect, it } from '@jest/globals';
import { assignGroup, holdoutBucket } from './holdout';

const SECRET = 'test-secret';
const members = Array.from({ length: 5000 }, (_, i) => `m${i}`);

describe('holdout assignment', () => {
  it('is deterministic for a member and a scope', () => {
    expect(assignGroup('m1', 'a', 10, SECRET)).toBe(assignGroup('m1', 'a', 10, SECRET));
    expect(holdoutBucket('m1', 'a', SECRET)).toBe(holdoutBucket('m1', 'a', SECRET));
  });

  it('holds out about the share asked for (10% of 5,000 → within 8–12%)', () => {
    const held = members.filter((m) => assignGroup(m, 'campaign:x', 10, SECRET) === 'holdout');
    expect(held.length).toBeGreaterThan(400);
    expect(held.length).toBeLessThan(600);
  });

  it('0% holds out nobody; 50% about half', () => {
    expect(members.some((m) => assignGroup(m, 'a', 0, SECRET) === 'holdout')).toBe(false);
    const half = members.filter((m) => assignGroup(m, 'a', 50, SECRET) === 'holdout').length;
    expect(half).toBeGreaterThan(2300);
    expect(half).toBeLessThan(2700);
  });

  it('is independent across scopes (different campaigns hold out different members)', () => {
    const a = new Set(members.filter((m) => assignGroup(m, 'a', 10, SECRET) === 'holdout'));
    const b = members.filter((m) => assignGroup(m, 'b', 10, SECRET) === 'holdout');
    const both = b.filter((m) => a.has(m)).length;
    expect(both).toBeLessThan(100); // ~10% of 10% of 5,000 = 50 by chance
  });

  it('a larger share keeps everyone a smaller share held out (growing the holdout is stable)', () => {
    for (const m of members.slice(0, 500)) {
      if (assignGroup(m, 'a', 10, SECRET) === 'holdout')
        expect(assignGroup(m, 'a', 20, SECRET)).toBe('holdout');
    }
  });
});
