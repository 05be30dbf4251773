import { describe, expect, it } from '@jest/globals';
import { auditText, type AuditFacts } from './auditText';

const e = (
  action: string,
  kind: string,
  id: string,
  detail: Record<string, unknown>,
): AuditFacts => ({
  action,
  target: { kind, id },
  detail,
});

describe('auditText', () => {
  it.each<[AuditFacts, string]>([
    [
      e('couponTemplate.create', 'couponTemplate', 'tpl_1', { name: '满100减20', after: {} }),
      '新建优惠券模板「满100减20」',
    ],
    [
      e('couponTemplate.update', 'couponTemplate', 'tpl_1', {
        name: '满100减20',
        before: { name: '满100减20', stock: 10, validity: { type: 'relative', days: 30 } },
        after: { name: '满100减20', stock: 20, validity: { type: 'relative', days: 7 } },
      }),
      '修改优惠券模板「满100减20」：库存、有效期',
    ],
    [
      e('reward.deactivate', 'reward', 'rwd_1', { name: '帆布袋', before: true, after: false }),
      '下架积分商城兑换项目「帆布袋」',
    ],
    [
      e('member.reveal', 'member', 'm1', { field: 'phone', reason: '核对订单' }),
      '查看会员 m1 的完整手机号（原因：核对订单）',
    ],
    [e('settings.change', 'settings', 'loyalty', { version: 3 }), '修改会员规则，保存为第 3 版'],
    [
      e('import.members', 'file', 'f1', { created: 3, merged: 1, skipped: 0, rejected: 4 }),
      '导入会员：新建 3 人，合并 1 人，跳过 0 人，4 行未导入',
    ],
    [
      e('export.members', 'members', 'store-S001', {
        scope: 'store',
        storeId: 'S001',
        rows: 12,
        masked: true,
      }),
      '导出门店会员（S001），共 12 人（部分信息已隐藏）',
    ],
    [
      e('export.members', 'members', 'chain', {
        scope: 'chain',
        storeId: null,
        rows: 5,
        masked: false,
      }),
      '导出全部会员，共 5 人',
    ],
    [
      e('export.report', 'report', 'store-S001', {
        scope: 'store',
        storeId: 'S001',
        title: '南京西路店',
        days: 30,
        period: '11月3日–12月2日',
      }),
      '导出经营报表：南京西路店，11月3日–12月2日（近 30 天）',
    ],
    [
      e('settings.change', 'settings', 'automations', { version: 1 }),
      '修改自动化营销，保存为第 1 版',
    ],
    [e('settings.change', 'settings', 'tags', { version: 2 }), '修改标签规则，保存为第 2 版'],
    [e('order.refund', 'order', 'S001.R1', { amountFen: 12_050 }), '订单 S001.R1 退款 ¥120.50'],
    [
      e('invite.create', 'invite', 'ABC123', { role: 'clerk', name: '王芳' }),
      '邀请店员 王芳（邀请码 ABC123）',
    ],
    [e('invite.revoke', 'invite', 'ABC123', { name: '王芳' }), '撤销 王芳 的邀请码 ABC123'],
    [
      e('staff.unbind', 'staff', 'C1', { role: 'clerk', name: '王芳', tasksPooled: 2 }),
      '解绑店员 王芳，2 个回访任务转入公海池',
    ],
    [
      e('points.adjust', 'member', 'm1', { delta: -30, balance: 70, reason: '误积分扣回' }),
      '为会员 m1 扣减 30 积分，调整后 70（原因：误积分扣回）',
    ],
    [
      e('store.create', 'store', 'S004', {
        name: '徐家汇店',
        city: '上海',
        address: '漕溪北路 1 号',
      }),
      '新开门店 徐家汇店（S004，上海）',
    ],
    [
      e('store.update', 'store', 'S001', {
        changes: [{ field: 'name', label: '名称', before: '南京西路店', after: '静安店' }],
      }),
      '修改门店 S001：名称「南京西路店」→「静安店」',
    ],
    [e('store.close', 'store', 'S004', { name: '徐家汇店' }), '关闭门店 徐家汇店（S004）'],
    [e('store.reopen', 'store', 'S004', { name: '徐家汇店' }), '重开门店 徐家汇店（S004）'],
    [
      e('campaign.launch', 'campaign', 'cmp_1', {
        name: '双十二回店礼',
        audience: 45,
        holdoutPercent: 10,
      }),
      '发布营销活动「双十二回店礼」：目标人群 45 人，对照组 10%',
    ],
    [e('report.print', 'report', 'r1', {}), 'report.print · report r1'],
  ])('%o → %s', (entry, text) => expect(auditText(entry)).toBe(text));
});
