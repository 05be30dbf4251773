/**
 * 导入会员 (sheets.importMembers, HQ only): historical customers from an .xlsx or .csv HQ
 * uploaded to cloud storage.
 *
 * - A dry run reads the file and the members with its phones, and answers what would
 *   happen — rows accepted (to create or to merge with the member of the phone), rows
 *   rejected with the reason, a preview — writing nothing.
 * - The real run creates each new person as a member of `source.channel: 'import'` in one
 *   transaction with the claims on the phone and member number (repos/claims.ts: one
 *   member per phone, whoever signs up at the same time), with the history as statistics
 *   and the tags they give (so segments and automations see them right on day one). No
 *   new-member gift (`giftPending: false`), no message, no consent: an imported person has
 *   agreed to nothing in the app yet (signup asks them, member/signupMember.ts).
 *   A phone that already has a member merges the history into their statistics (name, store
 *   and clerk only filled where empty: whoever brought them in keeps them).
 * - Idempotent: every member touched records the key of the row's history (`importKeys`: a
 *   hash of the phone and the figures), so a rerun of the same file — or of the same rows in
 *   another file, say the .csv of the same sheet — adds nothing twice. Large files go in several calls: the job
 *   document (`importJobs/<key>`) keeps the position, each call works until its time budget
 *   and answers `done: false`; the page calls again.
 * - Imported members are not counted as the day's signups (rollups): they did not join today.
 * - Audit `import.members` when a file is done.
 */
import { createHash, createHmac } from 'node:crypto';
import { AppError } from '@/contracts/errors';
import type { ImportPreviewRow, ImportReport } from '@/contracts/sheets';
import {
  decideImport,
  historyStats,
  mergeHistory,
  planImport,
  type ImportDecision,
  type ImportRow,
} from '@/domain/importRows';
import { maskPhone } from '@/domain/masking';
import { phoneTail } from '@/domain/customers/search';
import type { TagRules } from '@/domain/tags/families';
import type { Ctx } from '../_shared/runtime';
import { getById, isDuplicateKeyError, isTransactionConflict, runTransaction } from '../_shared/db';
import { addClaim, ClaimTaken, claimId, phoneClaimId } from '../_shared/repos/claims';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff, type StaffDoc } from '../_shared/repos/staff';
import { appendAudit, auditActor } from '../_shared/repos/audit';
import { loadTagRules } from '../_shared/repos/tagRules';
import { tagFieldsFor } from '../_shared/memberTags';
import { derivedId } from '../_shared/keys';
import { downloadSheetFile, readSheet } from './files';

/** a call stops starting rows after this long (the function's timeout is 60 s) */
const BUDGET_MS = 40_000;
const PARALLEL = 8;
const PREVIEW_ROWS = 20;
const REJECTED_LISTED = 200;
/** phones per members query (`_.in`) */
const PHONES_PER_QUERY = 200;

type ImportedMember = MemberDoc & { importKeys?: string[] };
type Existing = Pick<ImportedMember, '_id' | 'status'>;

export type ImportJobDoc = {
  _id: string;
  fileKey: string;
  fileID: string;
  next: number;
  created: number;
  merged: number;
  skipped: number;
  done: boolean;
  by: string;
  startedAt: number;
  updatedAt: number;
};

export async function importMembers(
  ctx: Ctx,
  input: { fileID: string; dryRun: boolean },
): Promise<ImportReport> {
  const started = Date.now();
  const staff = await requireStaff(ctx, ['hq']);
  const bytes = await downloadSheetFile(input.fileID);
  const fileKey = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  const [cells, stores, clerks] = await Promise.all([
    readSheet(input.fileID, bytes),
    ctx.db.collection('stores').field({ name: true }).limit(1000).get(),
    ctx.db
      .collection('staff')
      .where({ role: ctx.db.command.in(['clerk', 'manager']), active: true })
      .field({ name: true, storeId: true })
      .limit(1000)
      .get(),
  ]);
  const plan = planImport(cells, {
    stores: (stores.data as { _id: string; name: string }[]).map((s) => ({
      id: s._id,
      name: s.name,
    })),
    clerks: (clerks.data as { _id: string; name: string; storeId: string | null }[]).map((c) => ({
      id: c._id,
      name: c.name,
      storeId: c.storeId,
    })),
    now: ctx.now,
  });
  if (!plan.ok) throw new AppError('FILE.UNREADABLE', plan.reason);
  const existing = await membersByPhone(
    ctx,
    plan.accepted.map((r) => r.phone),
  );
  const decisions = decideImport(plan.accepted, existing);
  const base = {
    rows: plan.accepted.length + plan.rejected.length,
    accepted: plan.accepted.length,
    create: decisions.filter((d) => d.kind === 'create').length,
    merge: decisions.filter((d) => d.kind === 'merge').length,
    rejectedCount: plan.rejected.length,
    rejected: plan.rejected.slice(0, REJECTED_LISTED),
    preview: decisions.slice(0, PREVIEW_ROWS).map(previewOf),
  };
  if (input.dryRun)
    return { dryRun: true, ...base, done: false, created: 0, merged: 0, skipped: 0 };

  const jobId = `import:${fileKey}`;
  let job = await getById<ImportJobDoc>(ctx.db, 'importJobs', jobId);
  if (!job) {
    job = {
      _id: jobId,
      fileKey,
      fileID: input.fileID,
      next: 0,
      created: 0,
      merged: 0,
      skipped: 0,
      done: false,
      by: staff._id,
      startedAt: ctx.now,
      updatedAt: ctx.now,
    };
    try {
      await ctx.db.collection('importJobs').add({ data: job });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      job = (await getById<ImportJobDoc>(ctx.db, 'importJobs', jobId))!;
    }
  }
  if (!job.done) {
    const rules = await loadTagRules(ctx.db);
    while (job.next < decisions.length && Date.now() - started < BUDGET_MS) {
      const group = decisions.slice(job.next, job.next + PARALLEL);
      const outcomes = await Promise.all(group.map((d) => importOne(ctx, d, rules)));
      for (const o of outcomes) job[o] += 1;
      job.next += group.length;
      job.updatedAt = ctx.now;
      await ctx.db
        .collection('importJobs')
        .doc(jobId)
        .update({
          data: {
            next: job.next,
            created: job.created,
            merged: job.merged,
            skipped: job.skipped,
            updatedAt: job.updatedAt,
          },
        });
    }
    if (job.next >= decisions.length) {
      job.done = true;
      await ctx.db
        .collection('importJobs')
        .doc(jobId)
        .update({ data: { done: true } });
      await auditImport(ctx, staff, job, base.rejectedCount);
    }
  }
  return {
    dryRun: false,
    ...base,
    done: job.done,
    created: job.created,
    merged: job.merged,
    skipped: job.skipped,
  };
}

const previewOf = (d: ImportDecision<Existing>): ImportPreviewRow => ({
  rowNo: d.row.rowNo,
  kind: d.kind,
  name: d.row.name,
  phoneMasked: maskPhone(d.row.phone),
  storeId: d.row.storeId,
  clerkId: d.row.clerkId,
  spendFen: d.row.spendFen,
  orderCount: d.row.orderCount,
});

async function membersByPhone(ctx: Ctx, phones: string[]): Promise<Map<string, Existing>> {
  const _ = ctx.db.command;
  const found = new Map<string, Existing>();
  for (let i = 0; i < phones.length; i += PHONES_PER_QUERY) {
    const chunk = phones.slice(i, i + PHONES_PER_QUERY);
    const res = await ctx.db
      .collection('members')
      .where({ phone: _.in(chunk), status: 'active' })
      .field({ phone: true, status: true })
      .limit(chunk.length)
      .get();
    for (const m of res.data as (Existing & { phone: string })[]) found.set(m.phone, m);
  }
  return found;
}

type Outcome = 'created' | 'merged' | 'skipped';

/**
 * What makes a row's history the same history: the phone and its figures, as a keyed hash
 * (the PII secret, like the phone's claim): the key stays on the member and must not give
 * the number away.
 */
export const importRowKey = (r: ImportRow, secret: string) =>
  `imp_${createHmac('sha256', secret)
    .update(
      ['crm-import:v1', r.phone, r.spendFen, r.orderCount, r.firstOrderAt, r.lastOrderAt].join('|'),
    )
    .digest('base64url')
    .slice(0, 32)}`;

async function importOne(ctx: Ctx, d: ImportDecision<Existing>, rules: TagRules): Promise<Outcome> {
  const rowKey = importRowKey(d.row, ctx.config.piiHashSecret);
  for (let attempt = 0; attempt < 6; attempt++) {
    const target =
      d.kind === 'merge'
        ? d.member._id
        : await createMember(ctx, d.row, rowKey, rules).catch((e: unknown) => {
            if (e instanceof ClaimTaken && e.claimId.startsWith('phone:')) return 'taken' as const;
            if (e instanceof ClaimTaken || isDuplicateKeyError(e) || isTransactionConflict(e))
              return 'retry' as const;
            throw e;
          });
    if (target === 'created') return 'created';
    if (target === 'retry') continue;
    const memberId =
      target === 'taken'
        ? (await membersByPhone(ctx, [d.row.phone])).get(d.row.phone)?._id
        : target;
    if (!memberId) return 'skipped'; // the phone's member was deleted meanwhile
    return mergeInto(ctx, memberId, d.row, rowKey, rules);
  }
  throw new AppError('COMMON.CONFLICT');
}

async function createMember(
  ctx: Ctx,
  row: ImportRow,
  rowKey: string,
  rules: TagRules,
): Promise<'created'> {
  const { now } = ctx;
  const member: ImportedMember = {
    _id: derivedId('mem', 'import', rowKey),
    memberNo: ctx.ids.int(10_000_000, 100_000_000),
    phone: row.phone,
    phoneTail: phoneTail(row.phone),
    name: row.name,
    gender: null,
    birthday: null,
    preferences: [],
    level: 'normal',
    points: { balance: 0, lifetime: 0 },
    stats: historyStats(row),
    recentPurchases: [],
    source: { storeId: row.storeId, clerkId: row.clerkId, channel: 'import', at: now },
    homeStoreId: row.storeId,
    clerkId: row.clerkId,
    consent: { privacy: null, marketing: null },
    profileCompletedAt: null,
    giftPending: false,
    status: 'active',
    createdAt: now,
    updatedAt: now,
    importKeys: [rowKey],
  };
  Object.assign(member, tagFieldsFor(member, rules, now).fields);
  const claim = (_id: string, kind: 'phone' | 'memberNo') =>
    ({ _id, kind, owner: member._id, at: now }) as const;
  await runTransaction(
    ctx.db,
    async (tx) => {
      await addClaim(tx, claim(phoneClaimId(row.phone, ctx.config.piiHashSecret), 'phone'));
      await addClaim(tx, claim(claimId('memberNo', member.memberNo), 'memberNo'));
      await tx.collection('members').add({ data: member });
    },
    { attempts: 10 },
  );
  return 'created';
}

async function mergeInto(
  ctx: Ctx,
  memberId: string,
  row: ImportRow,
  rowKey: string,
  rules: TagRules,
): Promise<Outcome> {
  const _ = ctx.db.command;
  return runTransaction(
    ctx.db,
    async (tx) => {
      const res = await tx.collection('members').doc(memberId).get();
      const member = res.data as ImportedMember | null;
      if (!member || member.status !== 'active') return 'skipped';
      if (member.importKeys?.includes(rowKey)) return 'skipped';
      const merged: ImportedMember = { ...member, stats: mergeHistory(member.stats, row) };
      const tags = tagFieldsFor(merged, rules, ctx.now).fields;
      await tx
        .collection('members')
        .doc(memberId)
        .update({
          data: {
            stats: _.set(merged.stats),
            tags: _.set(tags.tags),
            tagKeys: _.set(tags.tagKeys),
            tagReviewAt: tags.tagReviewAt,
            importKeys: _.set([...(member.importKeys ?? []), rowKey]),
            ...(member.name ? {} : { name: row.name }),
            ...(member.homeStoreId || !row.storeId ? {} : { homeStoreId: row.storeId }),
            ...(member.clerkId || !row.clerkId ? {} : { clerkId: row.clerkId }),
            updatedAt: ctx.now,
          },
        });
      return 'merged';
    },
    { attempts: 10 },
  );
}

async function auditImport(ctx: Ctx, staff: StaffDoc, job: ImportJobDoc, rejected: number) {
  await appendAudit(ctx, {
    actor: auditActor(staff),
    action: 'import.members',
    target: { kind: 'file', id: job.fileKey },
    detail: {
      fileID: job.fileID,
      created: job.created,
      merged: job.merged,
      skipped: job.skipped,
      rejected,
    },
    at: ctx.now,
    source: 'sheets.importMembers',
  });
}
