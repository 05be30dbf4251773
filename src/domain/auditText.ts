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
  { action: 'couponTemplate.create', name: '新建优惠券模板' },
  { action: 'couponTemplate.update', name: '修改优惠券模板' },
  { action: 'couponTemplate.deactivate', name: '停用优惠券模板' },
  { action: 'couponTemplate.activate', name: '启用优惠券模板' },
  { action: 'reward.create', name: '新建兑换项目' },
  { action: 'reward.update', name: '修改兑换项目' },
  { action: 'reward.deactivate', name: '下架兑换项目' },
  { action: 'reward.activate', name: '上架兑换项目' },
  { action: 'store.create', name: '新开门店' },
  { action: 'store.update', name: '修改门店' },
  { action: 'store.close', name: '关闭门店' },
  { action: 'store.reopen', name: '重开门店' },
  { action: 'import.members', name: '导入会员' },
  { action: 'export.members', name: '导出会员' },
  { action: 'export.report', name: '导出报表' },
  { action: 'campaign.launch', name: '发布营销活动' },
];

const EXPORT_SCOPES: Record<string, string> = {
  mine: '我的顾客',
  store: '门店会员',
  chain: '全部会员',
};

/** What HQ's catalogue changes (crm/catalog.ts) read as: 「修改优惠券模板「满100减20」（第 2 版）」. */
const CATALOG_VERBS: Record<string, string> = {
  'couponTemplate.create': '新建优惠券模板',
  'couponTemplate.update': '修改优惠券模板',
  'couponTemplate.deactivate': '停用优惠券模板',
  'couponTemplate.activate': '重新启用优惠券模板',
  'reward.create': '新建积分商城兑换项目',
  'reward.update': '修改积分商城兑换项目',
  'reward.deactivate': '下架积分商城兑换项目',
  'reward.activate': '重新上架积分商城兑换项目',
};

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
    case 'store.create':
      return `新开门店 ${str(d.name)}（${e.target.id}，${str(d.city)}）`;
    case 'store.update': {
      const changes = Array.isArray(d.changes) ? (d.changes as Record<string, unknown>[]) : [];
      const list = changes.map((c) => `${str(c.label)}「${str(c.before)}」→「${str(c.after)}」`);
      return `修改门店 ${e.target.id}：${list.join('，')}`;
    }
    case 'store.close':
      return `关闭门店 ${str(d.name)}（${e.target.id}）`;
    case 'store.reopen':
      return `重开门店 ${str(d.name)}（${e.target.id}）`;
    case 'import.members':
      return `导入会员：新建 ${Number(d.created)} 人，合并 ${Number(d.merged)} 人，跳过 ${Number(d.skipped)} 人，${Number(d.rejected)} 行未导入`;
    case 'export.members':
      return `导出${EXPORT_SCOPES[str(d.scope)] ?? ''}${d.storeId ? `（${str(d.storeId)}）` : ''}，共 ${Number(d.rows)} 人${d.masked ? '（部分信息已隐藏）' : ''}`;
    case 'export.report':
      return `导出经营报表：${str(d.title)}，${str(d.period)}（近 ${Number(d.days)} 天）`;
    case 'campaign.launch':
      return `发布营销活动「${str(d.name)}」：目标人群 ${String(d.audience)} 人，对照组 ${String(d.holdoutPercent)}%`;
    default: {
      const verb = CATALOG_VERBS[e.action];
      if (verb) {
        const changed = catalogChanges(d.before, d.after);
        return `${verb}「${str(d.name)}」${changed.length ? `：${changed.join('、')}` : ''}`;
      }
      return `${e.action} · ${e.target.kind} ${e.target.id}`;
    }
  }
}

const CATALOG_FIELDS: Record<string, string> = {
  name: '名称',
  title: '名称',
  description: '说明',
  kind: '类型',
  amountFen: '优惠金额',
  thresholdFen: '门槛',
  percent: '折扣',
  capFen: '最高优惠',
  validity: '有效期',
  storeIds: '适用门店',
  categories: '适用品类',
  perMemberLimit: '每人限领',
  stock: '库存',
  pointsCost: '所需积分',
  couponTemplateId: '兑换的优惠券',
  sort: '排序',
};

/** The names of the fields that differ between a catalogue entry's before and after. */
function catalogChanges(before: unknown, after: unknown): string[] {
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null)
    return [];
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return [
    ...new Set(
      keys
        .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
        .map((k) => CATALOG_FIELDS[k] ?? k),
    ),
  ];
}
