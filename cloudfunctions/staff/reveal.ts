/**
 * Revealing a masked field (staff.revealMemberField): a clerk or manager of any store may
 * see one field of a member in full, with a reason (2–50 characters); every reveal is
 * appended to the audit log (repos/audit.ts) before the value leaves the server.
 */
import { AppError } from '@/contracts/errors';
import type { RevealField } from '@/contracts/staff';
import { normalisePhone } from '@/domain/phone';
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { appendAudit } from '../_shared/repos/audit';
import type { MemberDoc } from '../_shared/repos/members';
import { requireStaff } from '../_shared/repos/staff';

export const REVEAL_ROLES = ['clerk', 'manager'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** The full value of a field as staff read it ('' when the member has not given it). */
export function fullValue(member: MemberDoc, field: RevealField): string {
  if (field === 'name') return member.name ?? '';
  if (field === 'phone') return normalisePhone(member.phone);
  const b = member.birthday;
  if (!b) return '';
  return `${b.year ? `${b.year}-` : ''}${pad(b.month)}-${pad(b.day)}`;
}

export async function revealMemberField(
  ctx: Ctx,
  input: { memberId: string; field: RevealField; reason: string },
): Promise<{ field: RevealField; value: string }> {
  const staff = await requireStaff(ctx, REVEAL_ROLES);
  const member = await getById<MemberDoc>(ctx.db, 'members', input.memberId);
  if (!member || member.status === 'deleted') throw new AppError('MEMBER.NOT_FOUND');
  await appendAudit(
    ctx,
    {
      actor: { staffId: staff._id, role: staff.role, storeId: staff.storeId },
      action: 'member.reveal',
      target: { kind: 'member', id: member._id },
      detail: { field: input.field, reason: input.reason },
      at: ctx.now,
      source: 'staff.revealMemberField',
    },
    input.field,
  );
  return { field: input.field, value: fullValue(member, input.field) };
}
