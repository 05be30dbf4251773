/**
 * The data the store-manager page tests (tests/weapp/manager-pages, tests/browser/
 * manager-pages) start from, at the emulator's now: a second clerk of S001 (安琪, to be
 * unbound), a customer of 王芳 (C0011) who bought before and buys again now (业绩 ¥128),
 * two members who joined through 王芳's code, two tasks due today (one done), a resolved
 * ticket (3 h, rated 5), and a gift redeemed in the mall waiting for pickup at S001.
 */
import type { TestEmulator } from '../../support/emulator';
import { DAY_MS } from '../../../src/domain/calendar';
import { addMember, data, type TestMember } from './loyalty';

export const SECOND_CLERK = { id: 'C0019', name: '安琪', openid: 'o_mp_clerk2' };
type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export async function seedManagerPages(
  emu: TestEmulator,
): Promise<{ customer: TestMember; redemptionId: string }> {
  const now = emu.clock.now();
  emu.database.insertMany('staff', [
    {
      _id: SECOND_CLERK.id,
      name: SECOND_CLERK.name,
      storeId: 'S001',
      role: 'clerk',
      openid: SECOND_CLERK.openid,
      unionid: null,
      active: true,
      boundAt: now - 30 * DAY_MS,
      createdAt: now - 30 * DAY_MS,
    },
  ]);
  const customer = addMember(emu, {
    name: '张小花',
    clerkId: 'C0011',
    homeStoreId: 'S001',
    stats: { orderCount: 1, firstOrderAt: now - 40 * DAY_MS, lastOrderAt: now - 40 * DAY_MS },
    lots: [{ points: 500, expiresAt: now + 300 * DAY_MS, earnedAt: now - 40 * DAY_MS }],
  });
  for (const i of [1, 2])
    addMember(emu, {
      name: `新会员${i}`,
      clerkId: 'C0011',
      fields: {
        source: { storeId: 'S001', clerkId: 'C0011', channel: 'qr', at: now - i },
        createdAt: now - i,
      },
    });
  data(
    await emu.call<Reply<unknown>>(
      'staff',
      {
        action: 'recordPurchase',
        memberId: customer._id,
        receiptNo: 'MP-1',
        lines: [{ category: '家居清洁', amountFen: 12_800 }],
      },
      'o_test_clerk_S001',
    ),
  );
  const task = (id: string, state: string) => ({
    _id: id,
    memberId: customer._id,
    storeId: 'S001',
    assigneeId: 'C0011',
    assigneeRole: 'clerk',
    title: '30天回访',
    script: null,
    dueAt: now,
    state,
    source: { kind: 'manual', createdBy: 'M001' },
    createdAt: now - DAY_MS,
  });
  emu.database.insertMany('tasks', [task('mp-t1', 'done'), task('mp-t2', 'open')]);
  emu.database.insertMany('tickets', [
    {
      _id: 'mp-ticket',
      memberId: customer._id,
      storeId: 'S001',
      kind: 'afterSales',
      title: '退换货',
      description: '',
      state: 'resolved',
      openedBy: 'C0011',
      assigneeId: 'C0011',
      openedAt: now - 3 * 3_600_000,
      resolvedAt: now,
      resolution: '已换新',
      handlingMs: 3 * 3_600_000,
      rating: { score: 5, comment: null, at: now },
    },
  ]);
  emu.database.insertMany('rewards', [
    {
      _id: 'mp-bag',
      title: '环保购物袋',
      description: '',
      kind: 'gift',
      pointsCost: 50,
      stock: null,
      couponTemplateId: null,
      perMemberLimit: null,
      active: true,
      sort: 1,
      createdAt: now,
    },
  ]);
  const redeemed = data(
    await emu.call<Reply<{ redemptionId: string }>>(
      'mall',
      { action: 'redeemReward', rewardId: 'mp-bag', requestId: 'mp-redeem-1' },
      customer.openid,
    ),
  );
  return { customer, redemptionId: redeemed.redemptionId };
}
