/**
 * HQ changes tag rules in two steps, each resumable within the function timeout:
 * - `previewTagRules`: a `jobRuns/tagPreview:<id>` job walks the members (their documents
 *   only, never the orders) and counts, per family and value, who would gain and who would
 *   lose it compared with the tags they hold, with a small masked sample. The first call
 *   starts it; every call works for `tagCallBudgetMs` (5 s, inside the 10-s timeout) and answers the progress.
 * - `applyTagRules`: only for a finished preview of exactly these rules on the version in
 *   force, named by the caller (`baseVersion`: a colleague who saved first makes it
 *   COMMON.CONFLICT); saves the next version like every rule HQ edits (ruleVersions.ts:
 *   history who, when, before/after; audit `settings.change`) and starts the
 *   recompute job (`jobRuns/tagRecompute:v<n>`, cause 'rule'), continued by `getTagJob`
 *   calls and by the tags timer.
 */
import type { TagJobView, TagPreviewView, TagRulesView } from '@/contracts/crm';
import { AppError } from '@/contracts/errors';
import { maskName } from '@/domain/masking';
import type { TagRules } from '@/domain/tags/families';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { tagFieldsFor } from '../_shared/memberTags';
import { loadTagRules, loadTagRulesDoc, tagRulesFromDoc } from '../_shared/repos/tagRules';
import { TAG_RULES_RULE, saveRuleVersion } from '../_shared/repos/ruleVersions';
import { requireStaff, staffNamesByIds } from '../_shared/repos/staff';
import {
  openRecomputeJob,
  recomputeJobId,
  stepMemberWalk,
  stepRecompute,
  type RecomputeJob,
  type WalkJob,
} from '../_shared/tagJobs';

const SAMPLES_PER_VALUE = 3;
const SAMPLES_MAX = 30;
const HQ = ['hq'] as const;

type Counts = TagPreviewView['counts'];
type PreviewJob = WalkJob & {
  kind: 'tagPreview';
  rules: TagRules;
  baseVersion: number;
  counts: Counts;
  samples: TagPreviewView['samples'];
  startedBy: string;
  startedAt: number;
  updatedAt: number;
};

/** JSON with sorted keys: the same rules compare equal whatever order their keys came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
const sameRules = (a: TagRules, b: TagRules) =>
  canonical({ ...a, version: 0 }) === canonical({ ...b, version: 0 });

const previewView = (job: PreviewJob): TagPreviewView => ({
  previewId: job._id.slice('tagPreview:'.length),
  done: job.done,
  scanned: job.scanned,
  counts: job.counts,
  samples: job.samples,
});
const jobView = (job: RecomputeJob): TagJobView => ({
  jobId: job._id,
  version: job.version,
  done: job.done,
  scanned: job.scanned,
  written: job.written,
});

/** Managers and HQ: the rules in force, their version (1: the defaults) and who saved them. */
export async function getTagRules(ctx: Ctx): Promise<TagRulesView> {
  await requireStaff(ctx, ['manager', 'hq']);
  const doc = await loadTagRulesDoc(ctx.db);
  const rules = tagRulesFromDoc(doc);
  const by = doc?.updatedBy ?? null;
  const names = by ? await staffNamesByIds(ctx.db, [by]) : new Map<string, string>();
  return {
    rules,
    version: rules.version,
    updatedAt: doc?.updatedAt ?? null,
    updatedByName: by ? (names.get(by) ?? by) : null,
  };
}

export async function previewTagRules(
  ctx: Ctx,
  input: { rules: TagRules; previewId?: string },
): Promise<TagPreviewView> {
  const deadline = performance.now() + ctx.config.tagCallBudgetMs;
  const staff = await requireStaff(ctx, HQ);
  const current = await loadTagRules(ctx.db);
  const candidate: TagRules = { ...input.rules, version: current.version + 1 };
  let job: PreviewJob;
  if (input.previewId) {
    const found = await getById<PreviewJob>(ctx.db, 'jobRuns', `tagPreview:${input.previewId}`);
    if (!found || found.kind !== 'tagPreview' || !sameRules(found.rules, candidate))
      throw new AppError('TAGS.PREVIEW_STALE');
    job = found;
  } else {
    job = {
      _id: `tagPreview:${ctx.ids.docId()}`,
      kind: 'tagPreview',
      rules: candidate,
      baseVersion: current.version,
      cursor: null,
      done: false,
      scanned: 0,
      counts: {},
      samples: [],
      startedBy: staff._id,
      startedAt: ctx.now,
      updatedAt: ctx.now,
    };
    const { _id, ...data } = job;
    await ctx.db.collection('jobRuns').doc(_id).set({ data });
  }
  const counts: Counts = structuredClone(job.counts);
  const samples = [...job.samples];
  const walked = await stepMemberWalk(ctx.db, {
    job,
    batch: ctx.config.tagJobBatch,
    deadline,
    now: ctx.now,
    visit: async (member) => {
      const { fields } = tagFieldsFor(member, job.rules, ctx.now, 'rule');
      const families = new Set([...Object.keys(member.tags ?? {}), ...Object.keys(fields.tags)]);
      for (const family of families) {
        const from = member.tags?.[family]?.value ?? null;
        const to = fields.tags[family]?.value ?? null;
        if (from === to) continue;
        const count = (value: string, side: 'gain' | 'lose') => {
          counts[family] ??= {};
          counts[family][value] ??= { gain: 0, lose: 0 };
          counts[family][value][side] += 1;
        };
        if (to) count(to, 'gain');
        if (from) count(from, 'lose');
        const sameKind = samples.filter((s) => s.family === family && s.to === to).length;
        if (samples.length < SAMPLES_MAX && sameKind < SAMPLES_PER_VALUE)
          samples.push({
            memberId: member._id,
            displayName: member.name ? maskName(member.name) : `会员${member.phone.slice(-4)}`,
            family,
            from,
            to,
            reason: fields.tags[family]?.reason ?? '不再满足条件',
          });
      }
    },
    // counts and samples are saved with the cursor; a batch not saved is not counted
    progress: () => ({ counts: structuredClone(counts), samples: [...samples] }),
  });
  return previewView(walked as PreviewJob);
}

export async function applyTagRules(
  ctx: Ctx,
  input: { rules: TagRules; previewId: string; baseVersion: number },
): Promise<TagJobView> {
  const deadline = performance.now() + ctx.config.tagCallBudgetMs;
  const staff = await requireStaff(ctx, HQ);
  const [current, preview] = await Promise.all([
    loadTagRules(ctx.db),
    getById<PreviewJob>(ctx.db, 'jobRuns', `tagPreview:${input.previewId}`),
  ]);
  if (input.baseVersion !== current.version) throw new AppError('COMMON.CONFLICT');
  if (!preview || preview.kind !== 'tagPreview') throw new AppError('TAGS.PREVIEW_REQUIRED');
  if (preview.baseVersion !== current.version || !sameRules(preview.rules, input.rules))
    throw new AppError('TAGS.PREVIEW_STALE');
  if (!preview.done) throw new AppError('TAGS.PREVIEW_REQUIRED');
  const version = current.version + 1;
  const saved: TagRules = { ...input.rules, version };
  await saveRuleVersion(ctx, TAG_RULES_RULE, {
    before: current,
    after: saved,
    fields: { rules: saved },
    baseVersion: current.version,
    by: staff,
    source: 'crm.applyTagRules',
  });
  const job: RecomputeJob = {
    _id: recomputeJobId(version),
    kind: 'tagRecompute',
    version,
    cursor: null,
    done: false,
    scanned: 0,
    written: 0,
    stale: 0,
    startedAt: ctx.now,
    startedBy: staff._id,
    updatedAt: ctx.now,
  };
  const { _id, ...data } = job;
  await ctx.db.collection('jobRuns').doc(_id).set({ data });
  const stepped = await stepRecompute(ctx.db, {
    job,
    now: ctx.now,
    deadline,
    batch: ctx.config.tagJobBatch,
  });
  return jobView(stepped);
}

/** The recompute job's progress (the open one unless named), continued while answering. */
export async function getTagJob(ctx: Ctx, jobId?: string): Promise<TagJobView | null> {
  const deadline = performance.now() + ctx.config.tagCallBudgetMs;
  await requireStaff(ctx, HQ);
  const job = jobId
    ? await getById<RecomputeJob>(ctx.db, 'jobRuns', jobId)
    : await openRecomputeJob(ctx.db);
  if (!job || job.kind !== 'tagRecompute') return null;
  if (job.done) return jobView(job);
  return jobView(
    await stepRecompute(ctx.db, { job, now: ctx.now, deadline, batch: ctx.config.tagJobBatch }),
  );
}
