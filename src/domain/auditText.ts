/**
 * An audit-log entry as HQ reads it: what was done, to what, with the facts that matter
 * (for a reveal the field and the reason; for a refund the amount). One sentence per
 * audited action; an action this file does not know reads as its code, never as nothing.
 */
import { formatFen } from './money';

export type AuditFacts = {
  action: string;
  target: { kind: string; id: string };
  detail: Record<string, unknown>;
};

/** The audited actions HQ filters by, with their names. */
export const AUDIT_ACTIONS: readonly { action: string; name: string }[] = [
  { action: 'member.reveal', name: '查看完整信息' },
  { action: 'settings.change', name: '修改规则' },
  { action: 'order.refund', name: '退款' },
  { action: 'invite.create', name: '邀请员工' },
  { action: 'invite.revoke', name: '撤销邀请' },
  { action: 'staff.unbind', name: '解绑员工' },
  { action: 'points.adjust', name: '积分调整' },
];

const FIELD_NAMES: Record<string, string> = { name: '姓名', phone: '手机号', birthday: '生日' };
const RULE_NAMES: Record<string, string> = {
  loyalty: '会员规则',
  automations: '自动化营销',
  tags: '标签规则',
};
/** staff roles as people say them (the workbench uses the same names) */
export const ROLE_NAMES: Record<'clerk' | 'manager' | 'hq', string> = {
  clerk: '店员',
  manager: '店长',
  hq: '总部',
};
const roleName = (r: string) => (r in ROLE_NAMES ? ROLE_NAMES[r as keyof typeof ROLE_NAMES] : '');

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * @example auditText({ action: 'member.reveal', target: { kind: 'member', id: 'm1' }, detail: { field: 'phone', reason: '核对订单' } })
 * // '查看会员 m1 的完整手机号（原因：核对订单）'
 */
export function auditText(e: AuditFacts): string {
  const d = e.detail;
  switch (e.action) {
    case 'member.reveal':
      return `查看会员 ${e.target.id} 的完整${FIELD_NAMES[str(d.field)] ?? str(d.field)}（原因：${str(d.reason)}）`;
    case 'settings.change':
      return `修改${RULE_NAMES[e.target.id] ?? e.target.id}，保存为第 ${String(d.version)} 版`;
    case 'order.refund':
      return `订单 ${e.target.id} 退款 ${formatFen(Number(d.amountFen))}`;
    case 'invite.create':
      return `邀请${roleName(str(d.role))} ${str(d.name)}（邀请码 ${e.target.id}）`;
    case 'invite.revoke':
      return `撤销 ${str(d.name)} 的邀请码 ${e.target.id}`;
    case 'staff.unbind':
      return `解绑${roleName(str(d.role))} ${str(d.name)}，${String(d.tasksPooled ?? 0)} 个回访任务转入公海池`;
    case 'points.adjust': {
      const delta = Number(d.delta);
      return `为会员 ${e.target.id} ${delta > 0 ? '增加' : '扣减'} ${Math.abs(delta)} 积分，调整后 ${String(d.balance)}（原因：${str(d.reason)}）`;
    }
    default:
      return `${e.action} · ${e.target.kind} ${e.target.id}`;
  }
}
