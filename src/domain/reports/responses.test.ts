import { describe, expect, it } from '@jest/globals';
import { DAY_MS, parseShanghaiDate } from '../calendar';
import {
  AUTOMATION_ATTRIBUTION_DAYS,
  responseFigures,
  responseRollupsOfDay,
  type ResponseKey,
  type ResponseRun,
} from './responses';

const date = '2026-11-10';
const t0 = parseShanghaiDate(date) + 10 * 3600_000; // 10:00 Shanghai
const keys = new Map<string, ResponseKey>([
  ['cmpA', { key: 'cmpA', kind: 'campaign', name: '老客回店礼', attributionDays: 30 }],
]);
const run = (
  memberId: string,
  group: 'treated' | 'holdout',
  automationKey = 'inactive7',
  storeId: string | null = 'S001',
): ResponseRun => ({ memberId, group, automationKey, storeId, startedAt: t0 });

const runs = [
  run('t1', 'treated'),
  run('t2', 'treated'),
  run('t3', 'treated', 'inactive7', 'S002'),
  run('h1', 'holdout'),
  run('c1', 'treated', 'cmpA'),
  run('c2', 'holdout', 'cmpA'),
];
const orders = [
  { memberId: 't1', createdAt: t0 + DAY_MS, paidFen: 5_000 },
  { memberId: 't1', createdAt: t0 + 2 * DAY_MS, paidFen: 3_000 },
  { memberId: 't3', createdAt: t0 + 15 * DAY_MS, paidFen: 9_000 }, // after 14 days
  { memberId: 'h1', createdAt: t0 - 1, paidFen: 9_000 }, // before the run
  { memberId: 'c1', createdAt: t0 + 20 * DAY_MS, paidFen: 12_000 }, // inside the campaign's 30
];

describe('responseRollupsOfDay', () => {
  it('counts each key × store with its own window, and closes a key when its window is over', () => {
    const now = parseShanghaiDate(date) + (1 + AUTOMATION_ATTRIBUTION_DAYS) * DAY_MS;
    const { docs, closed } = responseRollupsOfDay({ date, runs, orders, keys, now });
    const byId = new Map(docs.map((d) => [d._id, d]));
    expect([...byId.keys()].sort()).toEqual([
      '2026-11-10:cmpA:S001',
      '2026-11-10:inactive7:S001',
      '2026-11-10:inactive7:S002',
    ]);
    expect(byId.get('2026-11-10:inactive7:S001')).toMatchObject({
      kind: 'automation',
      name: 'inactive7', // an unknown key is named by itself
      attributionDays: 14,
      treated: { members: 2, responded: 1, orders: 2, revenueFen: 8_000 },
      holdout: { members: 1, responded: 0, orders: 0, revenueFen: 0 },
      closed: true,
    });
    expect(byId.get('2026-11-10:inactive7:S002')!.treated.responded).toBe(0);
    expect(byId.get('2026-11-10:cmpA:S001')).toMatchObject({
      kind: 'campaign',
      name: '老客回店礼',
      treated: { members: 1, responded: 1, revenueFen: 12_000 },
      closed: false, // 30 days
    });
    expect(closed).toBe(false); // the day waits for its longest window
    const later = responseRollupsOfDay({ date, runs, orders, keys, now: now + 16 * DAY_MS });
    expect(later.closed).toBe(true);
    expect(later.docs.every((d) => d.closed)).toBe(true);
  });

  it('a day without runs has no documents and closes after the automation window', () => {
    const end = parseShanghaiDate(date) + (1 + AUTOMATION_ATTRIBUTION_DAYS) * DAY_MS;
    expect(responseRollupsOfDay({ date, runs: [], orders: [], keys, now: end - 1 })).toEqual({
      docs: [],
      closed: false,
    });
    expect(responseRollupsOfDay({ date, runs: [], orders: [], keys, now: end }).closed).toBe(true);
  });
});

describe('responseFigures', () => {
  it('sums days and stores per key, rates and lift from the sums, campaigns first', () => {
    const now = t0 + 40 * DAY_MS;
    const day1 = responseRollupsOfDay({ date, runs, orders, keys, now }).docs;
    const day2 = responseRollupsOfDay({
      date: '2026-11-11',
      runs: [
        { ...run('t9', 'treated'), startedAt: t0 + DAY_MS },
        { ...run('h9', 'holdout'), startedAt: t0 + DAY_MS },
      ],
      orders: [{ memberId: 'h9', createdAt: t0 + 2 * DAY_MS, paidFen: 2_000 }],
      keys,
      now: t0 + 3 * DAY_MS,
    }).docs;
    const rows = responseFigures([...day1, ...day2]);
    expect(rows.map((r) => r.key)).toEqual(['cmpA', 'inactive7']);
    const auto = rows[1];
    expect(auto.treated).toEqual({
      members: 4,
      responded: 1,
      rate: 25,
      orders: 2,
      revenueFen: 8_000,
    });
    expect(auto.holdout).toEqual({
      members: 2,
      responded: 1,
      rate: 50,
      orders: 1,
      revenueFen: 2_000,
    });
    expect(auto.liftPoints).toBe(-25);
    expect(auto.incrementalResponders).toBe(0); // never below zero
    expect(auto.incrementalRevenueFen).toBe(8_000 - 4 * 1_000);
    expect(auto.open).toBe(true); // the second day's window is still running
    expect(rows[0]).toMatchObject({ liftPoints: 100, incrementalRevenueFen: 12_000, open: false });
  });

  it('without a holdout there is no lift', () => {
    const docs = responseRollupsOfDay({
      date,
      runs: [run('t1', 'treated')],
      orders,
      keys,
      now: t0,
    }).docs;
    expect(responseFigures(docs)[0]).toMatchObject({
      liftPoints: null,
      incrementalResponders: null,
      incrementalRevenueFen: null,
    });
    expect(responseFigures([])).toEqual([]);
  });
});
