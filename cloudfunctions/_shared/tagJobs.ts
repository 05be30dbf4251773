/**
 * Tag jobs over many members, each resumable within one function run:
 * - `reviewDueTags` (the nightly timer): the members whose `tagReviewAt` has come — found by
 *   an indexed range query in (tagReviewAt, _id) order, nobody else read — are re-decided
 *   with cause 'time'. A reviewed member's `tagReviewAt` moves into the future, so it leaves
 *   the range: the next run resumes with whoever is left, and nothing is done twice.
 * - `stepMemberWalk`: the members in `_id` order after a cursor kept in a `jobRuns`
 *   document (rule recompute, preview). The cursor and the job's counts move together, in
 *   one update guarded by the cursor they started from, so a run killed mid-batch leaves
 *   the job where its last batch ended and the next run redoes that batch — harmless, as
 *   a recompute writes only what differs and a preview counts only what it saved.
 *
 * Members of a batch are handled `PARALLEL` at a time (each is one conditional update of
 * its own document, so their order does not matter); the deadline is checked before each
 * group, and the cursor only ever moves past groups that finished.
 */
import type { TagRules } from '@/domain/tags/families';
import type { Database, Doc } from './db';
import { getById } from './db';
import { duePage, type DueCursor } from './duePage';
import { applyMemberTags, TAG_PROJECTION, type TaggedMember } from './memberTags';
import { loadTagRules } from './repos/tagRules';
import type { MemberDoc } from './repos/members';

export type WalkMember = TaggedMember & Pick<MemberDoc, 'name' | 'gender' | 'phone' | 'status'>;
const WALK_PROJECTION = { ...TAG_PROJECTION, name: true, gender: true, phone: true, status: true };

/** Member updates in flight at once within a job run. */
export const PARALLEL = 8;

/**
 * Run `fn` over `items`, `PARALLEL` at a time, until the deadline; answers how many items
 * were handled (always a whole number of groups: those after it were not started).
 */
export async function eachInGroups<T>(
  items: readonly T[],
  deadline: number,
  fn: (item: T) => Promise<void>,
): Promise<number> {
  let done = 0;
  while (done < items.length) {
    if (performance.now() > deadline) break;
    const group = items.slice(done, done + PARALLEL);
    await Promise.all(group.map(fn));
    done += group.length;
  }
  return done;
}

export type ReviewResult = {
  reviewed: number;
  written: number;
  stale: number;
  /** false when the deadline came first */
  complete: boolean;
};

export async function reviewDueTags(
  db: Database,
  input: { now: number; deadline: number; batch: number; rules?: TagRules },
): Promise<ReviewResult> {
  const rules = input.rules ?? (await loadTagRules(db));
  const result: ReviewResult = { reviewed: 0, written: 0, stale: 0, complete: true };
  let cursor: DueCursor | null = null;
  for (;;) {
    const members: (WalkMember & { tagReviewAt: number })[] = await duePage(db, 'members', {
      field: 'tagReviewAt',
      upTo: input.now,
      after: cursor,
      projection: WALK_PROJECTION,
      limit: input.batch,
    });
    const handled = await eachInGroups(members, input.deadline, async (member) => {
      const { outcome } =
        member.status === 'active'
          ? await applyMemberTags(db, member, rules, input.now, 'time')
          : await clearTags(db, member);
      result.reviewed += 1;
      if (outcome === 'written') result.written += 1;
      if (outcome === 'stale') result.stale += 1;
    });
    if (handled < members.length) return { ...result, complete: false };
    const last = members.at(-1);
    if (last) cursor = { at: last.tagReviewAt, id: last._id };
    if (members.length < input.batch) return result;
  }
}

/** A closed account keeps no computed tags and leaves the review range. */
async function clearTags(db: Database, member: WalkMember): Promise<{ outcome: 'written' }> {
  const _ = db.command;
  await db
    .collection('members')
    .doc(member._id)
    .update({ data: { tags: _.set({}), tagKeys: _.set([]), tagReviewAt: null } });
  return { outcome: 'written' };
}

/** A job walking all members by `_id`: its cursor and its own counters. */
export type WalkJob = Doc & { _id: string; cursor: string | null; done: boolean; scanned: number };

/**
 * Walk members after the job's cursor until the end or the deadline, one batch at a time;
 * `visit` handles one member and `progress` turns the batch into the job's new fields,
 * saved with the cursor (guarded: if another run moved the cursor first, this one stops).
 * Answers the job as saved.
 */
export async function stepMemberWalk<J extends WalkJob>(
  db: Database,
  input: {
    job: J;
    batch: number;
    deadline: number;
    visit: (member: WalkMember) => Promise<void>;
    progress: (job: J) => Partial<J>;
    now: number;
  },
): Promise<J> {
  const _ = db.command;
  let job = input.job;
  while (!job.done && performance.now() < input.deadline) {
    const members = (
      await db
        .collection('members')
        .where({ _id: _.gt(job.cursor ?? '') })
        .orderBy('_id', 'asc')
        .field(WALK_PROJECTION)
        .limit(input.batch)
        .get()
    ).data as WalkMember[];
    const scanned = await eachInGroups(members, input.deadline, async (member) => {
      if (member.status === 'active') await input.visit(member);
    });
    const last = scanned > 0 ? members[scanned - 1]._id : job.cursor;
    const done = scanned === members.length && members.length < input.batch;
    const next = {
      ...input.progress(job),
      cursor: last,
      done,
      scanned: job.scanned + scanned,
      updatedAt: input.now,
    } as Partial<J>;
    const res = await db
      .collection('jobRuns')
      .where({ _id: job._id, cursor: job.cursor })
      .update({ data: setAll(_, next) });
    if (res.stats.updated !== 1) {
      return ((await getById<J>(db, 'jobRuns', job._id)) ?? job) as J;
    }
    job = { ...job, ...next };
  }
  return job;
}

/** Replace sub-objects whole (counts, samples), never merge them. */
function setAll(_: Database['command'], data: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, v !== null && typeof v === 'object' ? _.set(v) : v]),
  );
}

export type RecomputeJob = WalkJob & {
  kind: 'tagRecompute';
  version: number;
  written: number;
  stale: number;
  startedAt: number;
  startedBy: string;
  updatedAt: number;
};

export const recomputeJobId = (version: number) => `tagRecompute:v${version}`;

/** The newest rule recompute not yet finished, if any. */
export async function openRecomputeJob(db: Database): Promise<RecomputeJob | null> {
  const res = await db
    .collection('jobRuns')
    .where({ kind: 'tagRecompute', done: false })
    .orderBy('version', 'desc')
    .limit(1)
    .get();
  return (res.data[0] as RecomputeJob | undefined) ?? null;
}

/**
 * Continue a rule recompute (cause 'rule'): every active member re-decided under the
 * job's rule version. A job whose version is no longer in force is closed (the newer
 * version's own job redoes everyone).
 */
export async function stepRecompute(
  db: Database,
  input: { job: RecomputeJob; now: number; deadline: number; batch: number },
): Promise<RecomputeJob> {
  const rules = await loadTagRules(db);
  if (rules.version !== input.job.version) {
    await db
      .collection('jobRuns')
      .doc(input.job._id)
      .update({ data: { done: true, superseded: true, updatedAt: input.now } });
    return { ...input.job, done: true };
  }
  let written = 0;
  let stale = 0;
  return stepMemberWalk(db, {
    job: input.job,
    batch: input.batch,
    deadline: input.deadline,
    now: input.now,
    visit: async (member) => {
      const { outcome } = await applyMemberTags(db, member, rules, input.now, 'rule');
      if (outcome === 'written') written += 1;
      if (outcome === 'stale') stale += 1;
    },
    progress: (job) => {
      const out = { written: job.written + written, stale: job.stale + stale };
      written = 0;
      stale = 0;
      return out as Partial<RecomputeJob>;
    },
  });
}
