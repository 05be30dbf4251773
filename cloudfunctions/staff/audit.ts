/** HQ reads the audit log (repos/audit.ts): newest first, by action, actor and period, paged. */
import type { AuditEntryView } from '@/contracts/staff';
import type { Ctx } from '../_shared/runtime';
import type { AuditDoc } from '../_shared/repos/audit';
import { requireStaff, staffNamesByIds } from '../_shared/repos/staff';

export async function listAuditEntries(
  ctx: Ctx,
  input: {
    auditAction?: string;
    actorId?: string;
    from?: number;
    to?: number;
    before?: { at: number; id: string };
    limit: number;
  },
): Promise<{ entries: (AuditEntryView & { actorName: string })[]; hasMore: boolean }> {
  await requireStaff(ctx, ['hq']);
  const _ = ctx.db.command;
  const where: Record<string, unknown>[] = [];
  if (input.auditAction) where.push({ action: input.auditAction });
  if (input.actorId) where.push({ 'actor.staffId': input.actorId });
  if (input.from !== undefined) where.push({ at: _.gte(input.from) });
  if (input.to !== undefined) where.push({ at: _.lt(input.to) });
  const { before } = input;
  if (before) where.push(_.or([{ at: _.lt(before.at) }, { at: before.at, _id: _.lt(before.id) }]));
  const page = (
    await ctx.db
      .collection('auditLog')
      .where(where.length ? _.and(where) : {})
      .orderBy('at', 'desc')
      .orderBy('_id', 'desc')
      .limit(input.limit + 1)
      .get()
  ).data as AuditDoc[];
  const shown = page.slice(0, input.limit);
  const names = await staffNamesByIds(
    ctx.db,
    shown.map((e) => e.actor.staffId),
  );
  return {
    entries: shown.map(({ _id, ...e }) => ({
      id: _id,
      ...e,
      actorName: names.get(e.actor.staffId) ?? e.actor.staffId,
    })),
    hasMore: page.length > input.limit,
  };
}
