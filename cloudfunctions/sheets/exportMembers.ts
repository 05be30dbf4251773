/**
 * 导出会员 (sheets.exportMembers): the members the caller may list, as an .xlsx in cloud
 * storage, answered with a temporary download URL.
 *
 * Scopes: `mine` — a clerk's or manager's own customers; `store` — a store's members (store
 * staff: their own store; HQ names one); `chain` — every member (HQ). Each row is masked by
 * the one rule (domain/ownership.ts, domain/masking.ts): the name in full for those who see
 * the member in full (`seesInFull`: HQ, the own clerk, the store's manager), else 张*; the
 * phone in full for HQ and the member's own clerk (`seesDetails`), else 138****1234 — as
 * lists and the customer page show them. Every export is in the audit log (`export.members`).
 * A large export takes several calls (the job: `exportMembers` below).
 */
import { AppError } from '@/contracts/errors';
import type { ExportMembersReply } from '@/contracts/sheets';
import { shanghaiDate } from '@/domain/calendar';
import { LEVEL_NAMES } from '@/domain/levels';
import { maskName, maskPhone } from '@/domain/masking';
import { seesDetails, seesInFull } from '@/domain/ownership';
import type { Ctx } from '../_shared/runtime';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff, staffNamesByIds, type StaffDoc } from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';
import { appendAudit, auditActor } from '../_shared/repos/audit';
import { viewerOf } from '../staff/till';
import * as cloud from 'wx-server-sdk';
import { getById } from '../_shared/db';
import { derivedId } from '../_shared/keys';
import { downloadSheetFile, fileLink, uploadSheetFile, writeSheet } from './files';

const PAGE = 1000;

type Row = Pick<
  MemberDoc,
  | '_id'
  | 'memberNo'
  | 'name'
  | 'phone'
  | 'level'
  | 'homeStoreId'
  | 'clerkId'
  | 'stats'
  | 'tags'
  | 'createdAt'
  | 'source'
>;

const COLUMNS = [
  { header: '会员号', width: 12 },
  { header: '姓名', width: 10 },
  { header: '手机号', width: 14 },
  { header: '等级', width: 8 },
  { header: '门店', width: 12 },
  { header: '店员', width: 10 },
  { header: '累计消费（元）', width: 14 },
  { header: '消费次数', width: 10 },
  { header: '最近消费', width: 12 },
  { header: '标签', width: 30 },
  { header: '入会日期', width: 12 },
  { header: '来源', width: 8 },
];
const SOURCE_NAMES: Record<string, string> = { qr: '扫码', import: '导入', clerk: '店员' };

/** a call writes the file only with the time to do it left of this (the timeout is 60 s) */
const CALL_BUDGET_MS = 50_000;
/** writing the .xlsx, measured: about 0.13 ms a row (100,000 rows: 13 s) */
const WRITE_MS_PER_ROW = 0.2;

export const EXPORT_JOBS = 'exportJobs';

type Cell = string | number;
export type ExportJobDoc = {
  _id: string;
  staffId: string;
  scope: 'mine' | 'store' | 'chain';
  filter: Record<string, unknown>;
  /** the last member `_id` read */
  after: string | null;
  readDone: boolean;
  /** rows read by earlier calls, kept in cloud storage as JSON until the file is written */
  parts: string[];
  rows: number;
  masked: boolean;
  /** the finished .xlsx */
  fileID: string | null;
  createdAt: number;
  updatedAt: number;
};

/** Who may export what: the members' filter of the scope. */
function scopeFilter(
  staff: StaffDoc,
  input: { scope: 'mine' | 'store' | 'chain'; storeId?: string },
): Record<string, unknown> {
  const filter: Record<string, unknown> = { status: 'active' };
  if (input.scope === 'mine') {
    if (staff.role === 'hq') throw new AppError('AUTH.FORBIDDEN');
    filter.clerkId = staff._id;
  } else if (input.scope === 'store') {
    const storeId = input.storeId ?? staff.storeId;
    if (!storeId) throw new AppError('COMMON.INVALID_INPUT', '请选择门店');
    if (staff.role !== 'hq' && storeId !== staff.storeId) throw new AppError('AUTH.WRONG_STORE');
    filter.homeStoreId = storeId;
  } else if (staff.role !== 'hq') throw new AppError('AUTH.FORBIDDEN');
  return filter;
}

/**
 * A large export takes several calls, as an import does: the job (`exportJobs/<id>`) keeps
 * the position; each call reads members until its budget, keeps the rows it read as a part
 * in cloud storage and answers `done: false` with the job id; the page calls again with it.
 * The call that has read everything, with time enough left, writes the .xlsx from the parts,
 * audits the export and answers the file. A call on a finished job answers its file again.
 */
export async function exportMembers(
  ctx: Ctx,
  input: { scope: 'mine' | 'store' | 'chain'; storeId?: string; jobId?: string },
): Promise<ExportMembersReply> {
  const started = Date.now();
  const staff = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
  const filter = scopeFilter(staff, input);
  let job: ExportJobDoc;
  if (input.jobId) {
    const found = await getById<ExportJobDoc>(ctx.db, EXPORT_JOBS, input.jobId);
    // another's job, or another scope's, is not theirs to continue
    if (!found || found.staffId !== staff._id || found.scope !== input.scope)
      throw new AppError('COMMON.NOT_FOUND', '导出任务不存在，请重新导出');
    job = found;
    if (job.fileID)
      return {
        done: true,
        jobId: job._id,
        rows: job.rows,
        masked: job.masked,
        ...(await fileLink(job.fileID)),
      };
  } else {
    job = {
      _id: derivedId(
        'exp',
        staff._id,
        input.scope,
        String(filter.homeStoreId ?? ''),
        String(ctx.now),
      ),
      staffId: staff._id,
      scope: input.scope,
      filter,
      after: null,
      readDone: false,
      parts: [],
      rows: 0,
      masked: false,
      fileID: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
  }

  const _ = ctx.db.command;
  const viewer = viewerOf(staff);
  const fresh: Cell[][] = [];
  let masked = job.masked;
  // at least a page a call (progress, whatever the budget), then until the read budget
  // (ctx.config.exportReadBudgetMs, 35 s)
  for (let first = true; !job.readDone; first = false) {
    if (!first && Date.now() - started >= ctx.config.exportReadBudgetMs) break;
    const res = await ctx.db
      .collection('members')
      .where(job.after ? { ...job.filter, _id: _.gt(job.after) } : job.filter)
      .orderBy('_id', 'asc')
      .field({
        memberNo: true,
        name: true,
        phone: true,
        level: true,
        homeStoreId: true,
        clerkId: true,
        stats: true,
        tags: true,
        createdAt: true,
        source: true,
      })
      .limit(PAGE)
      .get();
    const page = res.data as Row[];
    const [stores, clerks] = await Promise.all([
      storeNames(ctx.db, [
        ...new Set(page.map((m) => m.homeStoreId).filter((s): s is string => !!s)),
      ]),
      staffNamesByIds(
        ctx.db,
        page.map((m) => m.clerkId).filter((c): c is string => !!c),
      ),
    ]);
    for (const m of page) {
      const fullName = seesInFull(viewer, m);
      const fullPhone = staff.role === 'hq' || seesDetails(viewer, m);
      if ((m.name && !fullName) || !fullPhone) masked = true;
      fresh.push([
        String(m.memberNo),
        m.name ? (fullName ? m.name : maskName(m.name)) : '',
        fullPhone ? m.phone : maskPhone(m.phone),
        LEVEL_NAMES[m.level] ?? m.level,
        m.homeStoreId ? (stores.get(m.homeStoreId) ?? m.homeStoreId) : '',
        m.clerkId ? (clerks.get(m.clerkId) ?? '') : '',
        (m.stats?.totalSpendFen ?? 0) / 100,
        m.stats?.orderCount ?? 0,
        m.stats?.lastOrderAt ? shanghaiDate(m.stats.lastOrderAt) : '',
        Object.values(m.tags ?? {})
          .map((t) => t.value)
          .join('、'),
        shanghaiDate(m.createdAt),
        SOURCE_NAMES[m.source?.channel ?? ''] ?? '',
      ]);
    }
    if (page.length < PAGE) job.readDone = true;
    else job.after = page[page.length - 1]._id;
  }
  job.rows += fresh.length;
  job.masked = masked;
  const scopeName = job.scope === 'store' ? `store-${String(job.filter.homeStoreId)}` : job.scope;
  const left = CALL_BUDGET_MS - (Date.now() - started);
  if (!job.readDone || left < job.rows * WRITE_MS_PER_ROW) {
    // not all read, or no time to write them all: keep what this call read for the next
    if (fresh.length > 0) {
      const part = await uploadSheetFile(
        `exports/${staff._id}/${job._id}/part-${job.parts.length + 1}.json`,
        Buffer.from(JSON.stringify(fresh)),
      );
      job.parts = [...job.parts, part.fileID];
    }
    await saveJob(ctx, job);
    return { done: false, jobId: job._id, rows: job.rows };
  }
  const earlier = await Promise.all(
    job.parts.map(
      async (id) => JSON.parse((await downloadSheetFile(id)).toString('utf8')) as Cell[][],
    ),
  );
  const rows = [...earlier.flat(), ...fresh];
  const content = await writeSheet('会员', COLUMNS, rows);
  const cloudPath = `exports/${staff._id}/members-${scopeName}-${job.createdAt}.xlsx`;
  const file = await uploadSheetFile(cloudPath, content);
  job.fileID = file.fileID;
  await appendAudit(ctx, {
    actor: auditActor(staff),
    action: 'export.members',
    target: { kind: 'members', id: scopeName },
    detail: {
      scope: job.scope,
      storeId: job.filter.homeStoreId ?? null,
      rows: rows.length,
      masked: job.masked,
      fileID: file.fileID,
    },
    at: ctx.now,
    source: 'sheets.exportMembers',
  });
  // the parts were only for this file (best effort: a left part is a few temporary bytes)
  if (job.parts.length > 0) {
    try {
      await cloud.deleteFile({ fileList: job.parts });
    } catch {
      // best effort: a part left behind is a few temporary bytes
    }
  }
  if (input.jobId) await saveJob(ctx, job);
  return { done: true, jobId: job._id, ...file, rows: rows.length, masked: job.masked };
}

async function saveJob(ctx: Ctx, job: ExportJobDoc): Promise<void> {
  const { _id, ...data } = job;
  await ctx.db
    .collection(EXPORT_JOBS)
    .doc(_id)
    .set({ data: { ...data, updatedAt: ctx.now } });
}
