/**
 * A customer's page (staff.getCustomer): the own clerk sees the details in full; a second
 * clerk of the same store, a clerk of another store and the manager see them masked (no full
 * phone or name anywhere in the reply) and reveal a field with a reason, which lands in the
 * audit log. Tags with reasons, manual tags, notes with author and time, and one timeline of
 * purchases in any store, coupons issued and used, points, messages, tasks and tickets,
 * newest first, paged without gaps; 2 requests a page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { CustomerPageView } from '../../src/contracts/customers';
import type { AuditEntryView } from '../../src/contracts/staff';
import { addMember, type TestMember } from './support/loyalty';

let emu: TestEmulator;
let seed: MinimalSeed;
let member: TestMember;
const second = { id: 'C0012', openid: 'o_test_second_clerk_page' };
const H = 3_600_000;

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
const call = <T>(openid: string, body: Record<string, unknown>) =>
  emu.call<Reply<T>>('staff', body, openid);
const page = async (openid: string, query: Record<string, unknown> = {}) => {
  const r = await call<CustomerPageView>(openid, {
    action: 'getCustomer',
    memberId: member._id,
    ...query,
  });
  if (!r.ok) throw new Error(r.error.code);
  return r.data;
};

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  seed = await emu.seedMinimal();
  const own = seed.clerks[0];
  emu.database.insertMany('staff', [
    {
      _id: second.id,
      name: '第二店员',
      storeId: own.storeId,
      role: 'clerk',
      openid: second.openid,
      unionid: 'u_test_second_page',
      active: true,
      createdAt: TEST_EPOCH,
    },
  ]);
  member = addMember(emu, {
    name: '张三丰',
    gender: 'female',
    clerkId: own.id,
    homeStoreId: own.storeId,
    birthday: { month: 3, day: 9, year: 1990 },
    fields: {
      tags: { lifecycle: { value: 'VIP', reason: '金卡会员', since: 0, ruleVersion: 1 } },
      tagKeys: ['lifecycle:VIP'],
      notices: [
        {
          id: 'nt1',
          kind: 'automation',
          title: '好久不见',
          text: '张女士，好久不见',
          at: TEST_EPOCH - 4.5 * H,
        },
      ],
    },
  });
  const t = (h: number) => TEST_EPOCH - h * H;
  const m = member._id;
  emu.database.insertMany('orders', [
    ...[
      ['o1', 'S001', 10],
      ['o2', 'S002', 8],
    ].map(([id, storeId, h]) => ({
      _id: id,
      storeId,
      receiptNo: `R-${id}`,
      memberId: m,
      clerkId: own.id,
      lines: [],
      amountFen: 12_800,
      discountFen: 0,
      paidFen: 12_800,
      couponId: null,
      pointsEarned: 128,
      status: 'completed',
      refundedFen: 0,
      source: 'till',
      createdAt: t(h as number),
    })),
  ]);
  emu.database.insertMany('coupons', [
    {
      _id: 'cp1',
      memberId: m,
      title: '满100减20',
      code: 'CPN0001',
      status: 'used',
      issuedAt: t(9),
      usedAt: t(7),
      issueKey: 'k1',
      limitKey: 'k1',
    },
  ]);
  emu.database.insertMany('pointsLedger', [
    {
      _id: 'l1',
      memberId: m,
      kind: 'earn',
      delta: 128,
      ref: 'o2',
      at: t(6),
      title: '徐家汇店消费',
    },
  ]);
  emu.database.insertMany('outbox', [
    {
      _id: 'ob1',
      memberId: m,
      purpose: 'birthday',
      state: 'sent',
      data: { thing1: { value: '张三丰' } },
      createdAt: t(5),
      sentAt: t(5),
    },
  ]);
  emu.database.insertMany('tasks', [
    {
      _id: 'tk1',
      memberId: m,
      storeId: own.storeId,
      assigneeId: own.id,
      assigneeRole: 'clerk',
      title: '生日回访',
      script: null,
      dueAt: t(1),
      state: 'done',
      source: { kind: 'manual', createdBy: own.id },
      createdAt: t(4),
      outcome: { result: 'contacted', note: '周末到店', by: own.id, at: t(2) },
    },
  ]);
  emu.database.insertMany('tickets', [
    {
      _id: 'tc1',
      memberId: m,
      storeId: own.storeId,
      kind: 'complaint',
      title: '漏发赠品',
      description: '',
      state: 'resolved',
      openedBy: own.id,
      assigneeId: own.id,
      openedAt: t(3),
      resolvedAt: t(1),
      resolution: '已补发',
      handlingMs: 2 * H,
      rating: { score: 5, comment: '很快', at: t(0.5) },
    },
  ]);
  const note = await emu.call<Reply<unknown>>(
    'crm',
    { action: 'addNote', memberId: m, text: '喜欢薰衣草香型' },
    own.openid,
  );
  if (!note.ok) throw new Error(note.error.code);
});
afterAll(async () => {
  await emu?.stop();
});

describe("the customer's page", () => {
  it('shows the own clerk the details in full, with tags, reasons and notes', async () => {
    const view = await page(seed.clerks[0].openid);
    expect(view).toMatchObject({
      displayName: '张女士',
      ownCustomer: true,
      name: { value: '张三丰', masked: false },
      phone: { value: member.phone, masked: false },
      birthday: { value: '1990-03-09', masked: false },
      clerkName: '王芳',
      homeStoreName: '南京西路店',
      tags: [{ family: 'lifecycle', familyName: '生命周期', value: 'VIP', reason: '金卡会员' }],
      notes: [{ text: '喜欢薰衣草香型', authorName: '王芳', edits: 0 }],
    });
  });

  it('merges purchases in every store, coupons, points, messages, tasks and tickets, newest first', async () => {
    const view = await page(seed.clerks[0].openid, { limit: 50 });
    expect(view.timeline.map((e) => [e.kind, e.title])).toEqual([
      ['ticket', '投诉工单：漏发赠品'],
      ['task', '回访任务：生日回访'],
      ['notice', '卡内通知：好久不见'],
      ['message', '消息：生日祝福'],
      ['points', '积分 +128'],
      ['couponUsed', '使用优惠券「满100减20」'],
      ['purchase', '徐家汇店消费 ¥128'],
      ['couponIssued', '获得优惠券「满100减20」'],
      ['purchase', '南京西路店消费 ¥128'],
    ]);
    expect(view.timeline[0].detail).toBe('已解决（用时 2 小时），满意度 5 星「很快」');
    expect(view.timeline[1].detail).toBe('已联系，周末到店');
    expect(view.nextCursor).toBeNull();
  });

  it('pages the timeline without gaps or repeats', async () => {
    const all = (await page(seed.clerks[0].openid, { limit: 50 })).timeline.map((e) => e.id);
    const seen: string[] = [];
    let before: unknown;
    for (let i = 0; i < 10; i++) {
      const view = await page(seed.clerks[0].openid, { limit: 3, ...(before ? { before } : {}) });
      seen.push(...view.timeline.map((e) => e.id));
      before = view.nextCursor;
      if (!before) break;
    }
    expect(seen).toEqual(all);
  });

  it('pages entries of one instant across sources one at a time, none lost', async () => {
    const own = seed.clerks[0];
    const same = addMember(emu, { clerkId: own.id, homeStoreId: own.storeId });
    const at = TEST_EPOCH - 50 * H;
    const base = { memberId: same._id, storeId: own.storeId, assigneeId: own.id };
    emu.database.insertMany('tasks', [
      { ...base, _id: 'st1', title: 'a', state: 'open', dueAt: at, createdAt: at },
      { ...base, _id: 'st2', title: 'b', state: 'open', dueAt: at, createdAt: at },
    ]);
    emu.database.insertMany('pointsLedger', [
      { _id: 'sp1', memberId: same._id, kind: 'earn', delta: 1, ref: 'x', at },
      { _id: 'sp2', memberId: same._id, kind: 'earn', delta: 2, ref: 'y', at },
    ]);
    emu.database.insertMany('outbox', [
      { _id: 'sm1', memberId: same._id, purpose: 'offer', state: 'sent', createdAt: at },
    ]);
    const seen: string[] = [];
    let before: unknown;
    for (let i = 0; i < 10; i++) {
      const r = await call<CustomerPageView>(own.openid, {
        action: 'getCustomer',
        memberId: same._id,
        limit: 1,
        ...(before ? { before } : {}),
      });
      if (!r.ok) throw new Error(r.error.code);
      seen.push(...r.data.timeline.map((e) => e.id));
      before = r.data.nextCursor;
      if (!before) break;
    }
    expect(seen).toEqual(['task:st2', 'task:st1', 'points:sp2', 'points:sp1', 'message:sm1']);
  });

  it('is 2 requests: the caller, and one aggregate on the member', async () => {
    const out = await emu.invoke(
      'staff',
      { action: 'getCustomer', memberId: member._id },
      { openid: seed.clerks[0].openid, source: 'wx_client' },
    );
    expect(out.ok && (out.result as Reply<unknown>).ok).toBe(true);
    expect(emu.stats.get(out.invocationId).total).toBe(2);
  });

  it('answers MEMBER.NOT_FOUND for a member who does not exist', async () => {
    const r = await call(seed.clerks[0].openid, { action: 'getCustomer', memberId: 'nobody' });
    expect(r).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_FOUND' } });
  });
});

describe.each([
  ['a second clerk of the same store', () => second.openid, '张**'],
  ['a clerk of another store', () => seed.clerks[1].openid, '张**'],
  ['the manager', () => seed.managers[0].openid, '张女士'],
])('%s', (_who, openid, displayName) => {
  it('sees the details masked: no full phone or name anywhere in the reply', async () => {
    const view = await page(openid(), { limit: 50 });
    expect(view).toMatchObject({
      displayName,
      ownCustomer: false,
      name: { value: '张**', masked: true },
      phone: { value: `${member.phone.slice(0, 3)}****${member.phone.slice(-4)}`, masked: true },
      birthday: { value: '已登记', masked: true },
    });
    expect(view.timeline).toHaveLength(9);
    const text = JSON.stringify(view);
    expect(text).not.toContain(member.phone);
    expect(text).not.toContain('三丰');
    expect(text).not.toContain('张女士，');
  });

  it('reveals a field with a reason, and the reveal is in the audit log', async () => {
    const r = await call<{ value: string }>(openid(), {
      action: 'revealMemberField',
      memberId: member._id,
      field: 'phone',
      reason: '电话回访',
    });
    expect(r).toMatchObject({ ok: true, data: { value: member.phone } });
    const audit = await call<{ entries: AuditEntryView[] }>(seed.hq.openid, {
      action: 'listAuditEntries',
      auditAction: 'member.reveal',
    });
    const entries = audit.ok ? audit.data.entries : [];
    expect(entries).toContainEqual(
      expect.objectContaining({
        target: { kind: 'member', id: member._id },
        detail: { field: 'phone', reason: '电话回访' },
      }),
    );
  });
});
