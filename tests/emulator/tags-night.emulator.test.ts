/**
 * Computed tags and the passing of time, against the emulator: the tags timer re-decides
 * only the members whose `tagReviewAt` has come (an indexed range query), so moving the
 * emulated clock changes exactly the members crossing a boundary — day 60 without purchase
 * gives 高价值沉默, a purchase leaving the 30-day window takes 高频 away after the minimum
 * stay — and leaves every other member document as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { DAY_MS, shanghaiTime } from '../../src/domain/calendar';
import type { TagsRunResult } from '../../cloudfunctions/tags/index';
import { find, type AnyDoc } from './support/loyalty';
import { addTaggedMember, fireTimer } from './support/tags';

const T0 = shanghaiTime(2027, 3, 1, 12); // the last purchases
/** 03:00 Shanghai, `d` days after T0's day */
const night = (d: number) => shanghaiTime(2027, 3, 1, 3) + d * DAY_MS;

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.seedMinimal();
  emu.clock.set(T0);
});
afterAll(async () => {
  await emu?.stop();
});

/** the emulated clock runs on from where a test sets it */
function expectNear(actual: number, t: number) {
  expect(actual).toBeGreaterThanOrEqual(t);
  expect(actual).toBeLessThan(t + 5_000);
}
const member = (id: string): AnyDoc => find(emu, 'members', { _id: id }, { limit: 1 })[0];
const byId = (docs: AnyDoc[]) => new Map(docs.map((d) => [d._id, JSON.stringify(d)]));

/** Fire the timer at `at`; proves it touched exactly the members due then. */
async function nightRun(at: number) {
  emu.clock.set(at);
  const due = find(emu, 'members', { tagReviewAt: { $lte: at } }, { limit: 10_000 });
  const before = byId(find(emu, 'members', {}, { limit: 10_000 }));
  const run = await fireTimer<TagsRunResult>(emu, 'tags');
  expect(run.result.review).toMatchObject({ reviewed: due.length, complete: true, stale: 0 });
  const dueIds = new Set(due.map((d) => d._id));
  for (const [id, doc] of byId(find(emu, 'members', {}, { limit: 10_000 })))
    if (!dueIds.has(id)) expect(doc).toBe(before.get(id));
  for (const id of dueIds) expect(member(id).tagReviewAt ?? Infinity).toBeGreaterThan(at);
  return { ...run, due: [...dueIds] };
}

describe('the nightly tag review', () => {
  let silent: string; // ¥4,000 in the last 12 months, last purchase at T0
  let frequent: string; // 3 purchases in 30 days, the third at T0
  const bystanders: string[] = [];

  beforeAll(() => {
    silent = addTaggedMember(
      emu,
      Array.from({ length: 10 }, (_, i) => ({ daysAgo: i * 15, paidFen: 40_000 })),
    )._id;
    frequent = addTaggedMember(emu, [{ daysAgo: 25 }, { daysAgo: 10 }, { daysAgo: 0 }])._id;
    for (let i = 0; i < 30; i++) bystanders.push(addTaggedMember(emu, [{ daysAgo: 5 }])._id);
    for (let i = 0; i < 30; i++) bystanders.push(addTaggedMember(emu, [])._id);
  });

  it('writes the tags an order would have, with reason, since and rule version', () => {
    const { since, ...rest } = member(frequent).tags.frequency;
    expect(rest).toEqual({ value: '高频', reason: '近 30 天消费 3 次', ruleVersion: 1 });
    expectNear(since, T0);
    expect(member(frequent).tagKeys).toContain('frequency:高频');
    expect(member(silent).tags.highValueSilent).toBeUndefined();
  });

  it('a purchase leaving the 30-day window: 高频 kept for its minimum stay, then lost', async () => {
    const day5 = await nightRun(night(5)); // the first order left the window at day 5, 00:00
    expect(day5.due).toContain(frequent);
    const held = member(frequent).tags.frequency;
    expect(held.value).toBe('高频');
    expectNear(held.since, T0);
    expect(member(frequent).tagReviewAt).toBe(held.since + 7 * DAY_MS); // the stay's end
    expect(day5.due).not.toContain(bystanders[0]);

    await nightRun(night(7)); // 03:00 on day 7 is before the stay ends at 12:00
    expect(member(frequent).tags.frequency.value).toBe('高频');
    await nightRun(night(8));
    const { since, ...lost } = member(frequent).tags.frequency;
    expect(lost).toEqual({ value: '中频', reason: '近 90 天消费 3 次', ruleVersion: 1 });
    expectNear(since, night(8));
    expect(member(frequent).tagKeys).toContain('frequency:中频');
    expect(member(frequent).tagKeys).not.toContain('frequency:高频');
  });

  it('day 59 / 60 without purchase: 高价值沉默 from day 60, nobody else touched', async () => {
    await nightRun(night(58)); // catch up the reviews of the weeks before
    const day59 = await nightRun(night(59));
    expect(day59.due).not.toContain(silent);
    expect(member(silent).tags.highValueSilent).toBeUndefined();

    const day60 = await nightRun(night(60));
    expect(day60.due.sort()).toEqual([frequent, silent].sort());
    const { since, ...gained } = member(silent).tags.highValueSilent;
    expect(gained).toEqual({
      value: '高价值沉默',
      reason: '近 12 个月消费 ¥4,000，60 天未消费',
      ruleVersion: 1,
    });
    expectNear(since, night(60));
    // rules + due query + one write per due member + open-job query + progress (2 on a new date)
    expect(day60.requests).toBe(2 + day60.due.length + 1 + 2);
  });

  it('a finished night: the next run of the window finds nobody and writes progress only', async () => {
    const again = await nightRun(night(60) + 10 * 60_000);
    expect(again.due).toEqual([]);
    expect(again.requests).toBe(4);
    expect(find(emu, 'jobRuns', { _id: 'tags:2027-04-30' }, { limit: 1 })[0]).toMatchObject({
      runs: 2,
      reviewed: 2,
      written: 2,
    });
  });

  it('a closed account due for review keeps no computed tags and leaves the range', async () => {
    emu.clock.set(night(61) - DAY_MS / 2);
    const closed = addTaggedMember(emu, [{ daysAgo: 25 }, { daysAgo: 10 }, { daysAgo: 0 }], {
      status: 'deleted',
    })._id;
    expect(member(closed).tagKeys).toContain('frequency:高频');
    await nightRun(member(closed).tagReviewAt);
    expect(member(closed)).toMatchObject({ tags: {}, tagKeys: [], tagReviewAt: null });
  });
});
