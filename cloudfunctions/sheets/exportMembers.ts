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
 */
import { AppError } from '@/contracts/errors';
import { shanghaiDate } from '@/domain/calendar';
import { LEVEL_NAMES } from '@/domain/levels';
import { maskName, maskPhone } from '@/domain/masking';
import { seesDetails, seesInFull } from '@/domain/ownership';
import type { Ctx } from '../_shared/runtime';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff, staffNamesByIds } from '../_shared/repos/staff';
import { storeNames } from '../_shared/repos/stores';
import { appendAudit, auditActor } from '../_shared/repos/audit';
import { viewerOf } from '../staff/till';
import { uploadSheetFile, writeSheet } from './files';

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

export async function exportMembers(
  ctx: Ctx,
  input: { scope: 'mine' | 'store' | 'chain'; storeId?: string },
): Promise<{ fileID: string; tempFileURL: string; rows: number; masked: boolean }> {
  const staff = await requireStaff(ctx, ['clerk', 'manager', 'hq']);
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

  const _ = ctx.db.command;
  const members: Row[] = [];
  for (let after: string | null = null; ; ) {
    const res = await ctx.db
      .collection('members')
      .where(after ? { ...filter, _id: _.gt(after) } : filter)
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
    members.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]._id;
  }

  const [stores, clerks] = await Promise.all([
    storeNames(ctx.db, [
      ...new Set(members.map((m) => m.homeStoreId).filter((s): s is string => !!s)),
    ]),
    staffNamesByIds(
      ctx.db,
      members.map((m) => m.clerkId).filter((c): c is string => !!c),
    ),
  ]);
  const viewer = viewerOf(staff);
  let masked = false;
  const rows = members.map((m) => {
    const fullName = seesInFull(viewer, m);
    const fullPhone = staff.role === 'hq' || seesDetails(viewer, m);
    if ((m.name && !fullName) || !fullPhone) masked = true;
    return [
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
    ];
  });
  const content = await writeSheet('会员', COLUMNS, rows);
  const scopeName = input.scope === 'store' ? `store-${String(filter.homeStoreId)}` : input.scope;
  const cloudPath = `exports/${staff._id}/members-${scopeName}-${ctx.now}.xlsx`;
  const file = await uploadSheetFile(cloudPath, content);
  await appendAudit(ctx, {
    actor: auditActor(staff),
    action: 'export.members',
    target: { kind: 'members', id: scopeName },
    detail: {
      scope: input.scope,
      storeId: filter.homeStoreId ?? null,
      rows: rows.length,
      masked,
      fileID: file.fileID,
    },
    at: ctx.now,
    source: 'sheets.exportMembers',
  });
  return { ...file, rows: rows.length, masked };
}
