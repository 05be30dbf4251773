/**
 * Tag bench rows (`npm run bench` prints them; `tsx scripts/bench-tags.ts [--quick]` alone):
 * 100,000 members with a year of statistics and the tags the order path would have written,
 * bulk-loaded into a private emulator, then
 * - `tags.daily`: the next night's tags timer runs (documents read and written, invocations,
 *   the longest) against a full recompute of every member, on an ordinary night and on the
 *   1st of a month (when 3- and 12-month windows move for everyone who bought lately);
 * - `tags.recompute`: a rule change previewed and applied over all members (crm calls, then
 *   the tags timer) — total time, invocations;
 * - `tags.purchase`: till purchases, counted: the extra requests tags cost (0: folded into the
 *   order's member update, the rules joined into its one read);
 * - `segment.count` / `segment.page`: HQ's segment query, requests and latency.
 */
import type { Emulator } from '../emulator';
import { benchMain, withBenchEmulator } from './benchEmulator';
import { DAY_MS, shanghaiTime } from '../src/domain/calendar';
import { DEFAULT_TAG_RULES, type TagRules } from '../src/domain/tags/families';
import { subjectWith } from '../src/domain/tags/testing';
import { rollingSpend } from '../src/domain/spendByMonth';
import { levelForSpend } from '../src/domain/levels';
import { firstBirthdayDue } from '../src/domain/birthdayGreeting';
import { defaultSettings } from '../src/domain/settings';
import { tagFieldsFor } from '../cloudfunctions/_shared/memberTags';
import type { TagsRunResult } from '../cloudfunctions/tags/index';
import { REQUESTS_BEFORE } from './benchBaseline';

export type TagBenchRow = { row: string; figure: string; detail: string };

const CATEGORIES = ['家居清洁', '个人护理', '季节限定', '厨房用品'];
const HQ = 'o_test_hq';
const CLERK = 'o_test_clerk_S001';

/** a small deterministic generator, so figures compare between commits */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `n` members with a year of statistics and the tags the order path would have written at
 * `now`. `shape` (the automations bench): tags held for `heldForDays` already (no minimum
 * stay pending), a birthday for everyone, and every 300th member without orders a newcomer
 * who joined 25 hours ago.
 */
export function loadMembers(
  emu: Emulator,
  n: number,
  now: number,
  shape: { heldForDays: number; birthdays: boolean; newcomers: boolean } = {
    heldForDays: 0,
    birthdays: false,
    newcomers: false,
  },
) {
  const rand = prng(20_271_201);
  const docs: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const k = rand() < 0.2 ? 0 : 1 + Math.floor(rand() ** 2 * 24);
    const orders = Array.from({ length: k }, () => ({
      at: now - Math.floor(rand() * 365 * DAY_MS),
      paidFen: 3_000 + Math.floor(rand() * 27_000),
      coupon: rand() < 0.4,
      category: CATEGORIES[Math.floor(rand() * CATEGORIES.length)],
    }));
    const newcomer = shape.newcomers && k === 0 && i % 300 === 0;
    const subject = subjectWith(orders, {
      joinedAt: newcomer ? now - 25 * 3_600_000 : now - 400 * DAY_MS,
    });
    const level = levelForSpend(rollingSpend(subject.stats.spendByMonth, now), defaultSettings);
    const member = {
      _id: `tb${String(i).padStart(6, '0')}`,
      stats: subject.stats,
      level,
      createdAt: subject.joinedAt,
    } as const;
    const { fields } = tagFieldsFor(member, DEFAULT_TAG_RULES, now, 'event');
    // held for a while already: `since` moved back (the values are what `now` decides)
    for (const t of Object.values(fields.tags)) t.since -= shape.heldForDays * DAY_MS;
    const birthday = shape.birthdays
      ? { month: 1 + Math.floor(rand() * 12), day: 1 + Math.floor(rand() * 28), year: 1990 }
      : null;
    docs.push({
      ...member,
      memberNo: 2_000_000 + i,
      phone: `177${String(i).padStart(8, '0')}`,
      name: '张三丰',
      gender: 'female',
      points: { balance: 0, lifetime: 0 },
      status: 'active',
      homeStoreId: `S00${(i % 3) + 1}`,
      clerkId: null,
      ...fields,
      ...(birthday ? { birthday, birthdayDueAt: firstBirthdayDue(birthday, now) } : {}),
    });
  }
  emu.database.insertMany('members', docs);
}

async function fireTags(emu: Emulator) {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'tags')!;
  const out = (await emu.scheduler.fireNow(trigger)).result;
  if (!out.ok) throw new Error(`tags: ${out.errCode} ${out.errMsg}`);
  return {
    result: out.result as TagsRunResult,
    ms: out.ms,
    requests: emu.stats.get(out.invocationId).total,
  };
}

/** Timer runs until the night's review is done (and the open recompute, if `untilJobDone`). */
export async function night(emu: Emulator, untilJobDone = false) {
  const runs: Awaited<ReturnType<typeof fireTags>>[] = [];
  for (;;) {
    const run = await fireTags(emu);
    runs.push(run);
    const jobOpen = untilJobDone && run.result.recompute && !run.result.recompute.done;
    if (run.result.review.complete && !jobOpen) return runs;
    emu.clock.advance(10 * 60_000);
  }
}

async function crm<T>(emu: Emulator, action: string, input: Record<string, unknown>) {
  const t0 = performance.now();
  const out = await emu.invoke('crm', { action, ...input }, { openid: HQ, source: 'wx_client' });
  const ms = performance.now() - t0;
  if (!out.ok) throw new Error(`crm ${action}: ${out.errCode}`);
  const reply = out.result as { ok: boolean; data: T; error?: { code: string } };
  if (!reply.ok) throw new Error(`crm ${action}: ${reply.error?.code}`);
  return { data: reply.data, ms, requests: emu.stats.get(out.invocationId).total };
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * `tags.purchase`: till purchases by members of the loaded chain, each counted; the extra
 * requests for tags are the difference to the purchase's count before tags existed
 * (benchBaseline.ts), and the detail says how many purchases changed a tag at once.
 */
async function purchaseRow(emu: Emulator): Promise<TagBenchRow> {
  const before = REQUESTS_BEFORE['staff.recordPurchase (no coupon)'];
  const requests: number[] = [];
  let changed = 0;
  for (let i = 0; i < 20; i++) {
    const memberId = `tb${String(i * 37).padStart(6, '0')}`;
    const tagsOf = () =>
      JSON.stringify(emu.database.find('members', { _id: memberId }, { limit: 1 })[0]?.tagKeys);
    const was = tagsOf();
    const out = await emu.invoke(
      'staff',
      {
        action: 'recordPurchase',
        memberId,
        receiptNo: `BT${i}`,
        lines: [{ category: '家居清洁', amountFen: 8_600 }],
        userInfo: { appId: 'bench', openId: CLERK },
      },
      { openid: CLERK, source: 'wx_client' },
    );
    const reply = out.ok ? (out.result as { ok: boolean; error?: { code: string } }) : null;
    if (!reply?.ok) throw new Error(`recordPurchase: ${out.ok ? reply?.error?.code : out.errMsg}`);
    requests.push(emu.stats.get(out.invocationId).total);
    if (tagsOf() !== was) changed += 1;
  }
  // a purchase that also changes the level costs its level update and message on top
  const usual = Math.min(...requests);
  const levelled = requests.filter((r) => r > usual).length;
  return {
    row: 'tags.purchase',
    figure: `${usual - before} extra requests (${usual} per purchase, ${before} before tags)`,
    detail: `${requests.length} purchases (${levelled} also changed the level: +2); ${changed} changed the member's tags at once, in the order's member update`,
  };
}

export async function benchTags(emu: Emulator, n: number): Promise<TagBenchRow[]> {
  const rows: TagBenchRow[] = [];
  const start = shanghaiTime(2027, 6, 14, 20); // tags as written by the day's purchases
  emu.clock.set(start);
  const t0 = performance.now();
  loadMembers(emu, n, start);
  const loadMs = performance.now() - t0;
  const withTags = emu.database.count('members', { 'tags.frequency': { $exists: true } });

  const nights: number[] = [];
  for (const [label, at] of [
    ['ordinary night', shanghaiTime(2027, 6, 15, 3)],
    ['1st of the month', shanghaiTime(2027, 7, 1, 3)],
  ] as const) {
    emu.clock.set(at);
    const runs = await night(emu);
    const read = runs.reduce((s, r) => s + r.result.review.reviewed, 0);
    const written = runs.reduce((s, r) => s + r.result.review.written, 0);
    const longest = Math.max(...runs.map((r) => r.ms));
    // a full recompute reads every member and writes (at least) every member whose tag
    // reasons moved with the day: all members with tags
    const full = n + withTags;
    nights.push(read + written);
    rows.push({
      row: `tags.daily (${label})`,
      figure: `${read} read + ${written} written vs ${n} + ${withTags} (${(full / Math.max(1, read + written)).toFixed(1)}× fewer)`,
      detail: `${runs.length} invocation(s), longest ${sec(longest)}, ${runs.reduce((s, r) => s + r.requests, 0)} requests`,
    });
  }

  // a month: 29 ordinary nights and one 1st (the 3- and 12-month windows move for everyone)
  const monthly = (29 * nights[0] + nights[1]) / 30;
  rows.push({
    row: 'tags.daily (month average)',
    figure: `${Math.round(monthly)} documents a night vs ${n + withTags} (${((n + withTags) / Math.max(1, monthly)).toFixed(1)}× fewer)`,
    detail: '(29 × ordinary night + 1st of the month) / 30, from the two nights above',
  });

  const rules: TagRules = structuredClone(DEFAULT_TAG_RULES);
  (rules.families[0] as { values: { when: { value: number } }[] }).values[0].when.value = 2;
  const r0 = performance.now();
  let preview = await crm<{ previewId: string; done: boolean; scanned: number }>(
    emu,
    'previewTagRules',
    { rules },
  );
  let previewCalls = 1;
  while (!preview.data.done) {
    preview = await crm(emu, 'previewTagRules', { rules, previewId: preview.data.previewId });
    previewCalls += 1;
  }
  const previewMs = performance.now() - r0;
  const a0 = performance.now();
  await crm(emu, 'applyTagRules', { rules, previewId: preview.data.previewId, baseVersion: 1 });
  const runs = await night(emu, true);
  const applyMs = performance.now() - a0;
  const job = runs.at(-1)!.result.recompute;
  rows.push({
    row: 'tags.recompute',
    figure: `preview ${sec(previewMs)} (${previewCalls} calls), apply ${sec(applyMs)} (1 call + ${runs.length} timer runs)`,
    detail: `${job?.scanned ?? 0} members walked, ${job?.written ?? 0} written; longest run ${sec(Math.max(...runs.map((r) => r.ms)))}`,
  });
  rows.push(await purchaseRow(emu));

  const segment = { tags: { all: ['frequency:高频'] }, storeIds: ['S001'] };
  const counts = [];
  const pages = [];
  for (let i = 0; i < 10; i++)
    counts.push(await crm<{ total: number }>(emu, 'segmentCount', { segment }));
  for (let i = 0; i < 10; i++) pages.push(await crm(emu, 'segmentPage', { segment, limit: 20 }));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push({
    row: 'segment.count',
    figure: `${counts[0].requests} requests, p50 ${median(counts.map((c) => c.ms)).toFixed(1)} ms`,
    detail: `高频 at S001: ${counts[0].data.total} of ${n}`,
  });
  rows.push({
    row: 'segment.page',
    figure: `${pages[0].requests} requests, p50 ${median(pages.map((c) => c.ms)).toFixed(1)} ms`,
    detail: `20 rows, paged by _id; bulk load of ${n} members took ${sec(loadMs)}`,
  });
  return rows;
}

/** Its own emulator: the rows need a clean members collection. */
export const runTagBench = (quick: boolean): Promise<TagBenchRow[]> =>
  withBenchEmulator('tags', (emu) => benchTags(emu, quick ? 20_000 : 100_000));

if (process.argv[1]?.endsWith('bench-tags.ts')) benchMain('tags and segments', runTagBench);
