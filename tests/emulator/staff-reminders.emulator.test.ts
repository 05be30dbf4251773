/**
 * Staff reminders end to end: the cross-store purchase tells the member's previous clerk —
 * an in-app reminder always, and a service-account template message when the clerk follows
 * the account (found by the UNIONID recorded at binding, through the follower sync); the
 * workbench's actions list and mark one's own reminders, never another's; binding records
 * the UNIONID.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { OutboxRunResult } from '../../cloudfunctions/outbox/index';
import type { StaffReminderView } from '../../src/contracts/staff';
import { addMember } from './support/loyalty';
import { DEFAULT_AUTOMATIONS } from '../../src/domain/automations/definitions';
import {
  crossStorePurchase,
  delivered,
  find,
  follow,
  run,
  saMessages,
  serviceOpenid,
  settle,
  TPL_CLERK,
} from './support/staffMessages';

let emu: TestEmulator;
let seed: MinimalSeed;
let nanjing: MinimalSeed['clerks'][number]; // C0011, 南京西路店
let xujiahui: MinimalSeed['clerks'][number]; // C0021, 徐家汇店
let xinjiekou: MinimalSeed['clerks'][number]; // C0031, 新街口店

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  seed = await emu.seedMinimal();
  [nanjing, xujiahui, xinjiekou] = seed.clerks;
  follow(emu, xujiahui);
  follow(emu, nanjing);
  await run(emu, 'followers');
});
afterAll(async () => {
  await emu?.stop();
});

describe('the cross-store purchase reminder', () => {
  it('tells the previous clerk once, in the workbench and as a service-account message', async () => {
    // 徐家汇店's customer buys at 南京西路店
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    const first = await run<OutboxRunResult>(emu, 'outbox');
    expect(first.crossStore.reminded).toBe(1);
    expect(first.drain.sent).toBe(1);

    const key = `crossStore:${xujiahui.id}:${orderId}`;
    const [reminder] = find(emu, 'staffReminders', { _id: key });
    expect(reminder).toMatchObject({
      staffId: xujiahui.id,
      storeId: xujiahui.storeId,
      kind: 'crossStorePurchase',
      body: '您曾服务的客户张女士今日在南京西路店完成购买，请酌情跟进回访。',
      delivery: 'sent',
      readAt: null,
    });
    const messages = delivered(emu, serviceOpenid(xujiahui));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      templateId: TPL_CLERK,
      page: 'staff/pages/home/index',
      data: {
        thing1: { value: '张女士' },
        thing2: { value: '跨店购买，请跟进回访' },
        thing3: { value: '南京西路店' },
        time4: { value: expect.stringMatching(/^2026-11-18 10:\d\d$/) },
      },
      meta: expect.objectContaining({ clientMsgId: key }),
    });

    // later runs find nothing new: no second reminder, no second message
    settle(emu);
    const again = await run<OutboxRunResult>(emu, 'outbox');
    expect(again.crossStore.reminded).toBe(0);
    expect(find(emu, 'staffReminders', { staffId: xujiahui.id })).toHaveLength(1);
    expect(saMessages(emu)).toHaveLength(1);
  });

  it('tells nobody when the member had no clerk, stayed in their store, or bought where their clerk works', async () => {
    const before = find(emu, 'staffReminders').length;
    const sent = saMessages(emu).length;
    // no clerk yet: the serving clerk becomes theirs, nobody to tell
    await crossStorePurchase(
      emu,
      nanjing,
      xujiahui,
      addMember(emu, { clerkId: null, homeStoreId: 'S001' }),
    );
    // the store's own customer served by another of its staff (the manager): nobody moves
    await crossStorePurchase(emu, xujiahui, seed.managers[1]);
    // the member moves stores, but their previous clerk works in the store they bought in
    await crossStorePurchase(
      emu,
      nanjing,
      seed.managers[0],
      addMember(emu, { clerkId: nanjing.id, homeStoreId: 'S002' }),
    );
    expect(find(emu, 'orders', { previousClerkId: nanjing.id })).toHaveLength(1);
    settle(emu);
    const out = await run<OutboxRunResult>(emu, 'outbox');
    expect(out.crossStore).toMatchObject({ orders: 1, reminded: 0 }); // the one with a previous clerk
    expect(find(emu, 'staffReminders')).toHaveLength(before);
    expect(saMessages(emu)).toHaveLength(sent);
  });
});

describe('the cross-store automation switched off by HQ', () => {
  it('reminds nobody while off; switched on again, only purchases made after that', async () => {
    const setCrossStore = (enabled: boolean) => {
      const rest = find(emu, 'settings').filter((d) => d._id !== 'automations');
      emu.database.drop('settings'); // empties it (a declared collection stays)
      emu.database.insertMany('settings', [
        ...rest,
        {
          _id: 'automations',
          automations: DEFAULT_AUTOMATIONS.map((a) =>
            a.key === 'crossStore' ? { ...a, enabled } : a,
          ),
          version: 1,
          updatedAt: 0,
          updatedBy: 'HQ01',
        },
      ]);
    };
    const before = find(emu, 'staffReminders').length;
    setCrossStore(false);
    await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).crossStore.reminded).toBe(0);
    expect(find(emu, 'staffReminders')).toHaveLength(before);

    setCrossStore(true);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).crossStore.orders).toBe(0); // not looked at again
    await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).crossStore.reminded).toBe(1);
    expect(find(emu, 'staffReminders')).toHaveLength(before + 1);
  });
});

describe('the workbench’s reminders', () => {
  it('pages one’s own, newest first (two written by one run share a time)', async () => {
    const first = await crossStorePurchase(emu, nanjing, xujiahui);
    const second = await crossStorePurchase(emu, nanjing, xinjiekou);
    settle(emu);
    await run(emu, 'outbox');
    const [a, b] = [first, second].map((o) => `crossStore:${nanjing.id}:${o.orderId}`).sort();
    const page = await emu.call<
      Reply<{ reminders: StaffReminderView[]; hasMore: boolean; unread: number }>
    >('staff', { action: 'listReminders', limit: 1 }, nanjing.openid);
    if (!page.ok) throw new Error('listReminders failed');
    expect(page.data.reminders.map((r) => r.id)).toEqual([b]);
    expect(page.data).toMatchObject({ hasMore: true, unread: 2 });
    expect(find(emu, 'staffReminders', { _id: a })[0].createdAt).toBe(
      page.data.reminders[0].createdAt,
    );
    const next = await emu.call<Reply<{ reminders: StaffReminderView[]; hasMore: boolean }>>(
      'staff',
      {
        action: 'listReminders',
        limit: 1,
        before: { createdAt: page.data.reminders[0].createdAt, id: b },
      },
      nanjing.openid,
    );
    expect(next.ok && next.data).toMatchObject({
      reminders: [{ id: a }],
      hasMore: false,
    });
  });

  it('marks one’s own read; another clerk’s reads as not found', async () => {
    await crossStorePurchase(emu, xinjiekou, nanjing);
    settle(emu);
    await run(emu, 'outbox');
    const mine = await emu.call<Reply<{ reminders: StaffReminderView[]; unread: number }>>(
      'staff',
      { action: 'listReminders' },
      xinjiekou.openid,
    );
    if (!mine.ok) throw new Error('listReminders failed');
    expect(mine.data.unread).toBe(1);
    expect(mine.data.reminders).toHaveLength(1);
    const [reminder] = mine.data.reminders;
    // 新街口店's clerk follows nothing: the reminder is only here
    expect(reminder).toMatchObject({
      kind: 'crossStorePurchase',
      body: '您曾服务的客户张女士今日在南京西路店完成购买，请酌情跟进回访。',
      delivery: 'fallback',
      readAt: null,
    });

    const theirs = await emu.call<Reply<{ reminders: StaffReminderView[] }>>(
      'staff',
      { action: 'listReminders' },
      nanjing.openid,
    );
    expect(theirs.ok && theirs.data.reminders.map((r) => r.id)).not.toContain(reminder.id);
    const stolen = await emu.call<Reply<unknown>>(
      'staff',
      { action: 'markReminderRead', id: reminder.id },
      nanjing.openid,
    );
    expect(stolen).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'COMMON.NOT_FOUND' }),
    });

    const read = await emu.call<Reply<{ readAt: number }>>(
      'staff',
      { action: 'markReminderRead', id: reminder.id },
      xinjiekou.openid,
    );
    expect(read.ok).toBe(true);
    const after = await emu.call<Reply<{ reminders: StaffReminderView[]; unread: number }>>(
      'staff',
      { action: 'listReminders', unreadOnly: true },
      xinjiekou.openid,
    );
    expect(after.ok && after.data).toMatchObject({ reminders: [], unread: 0 });
  });

  it('refuses a shopper (AUTH.FORBIDDEN) and bad input', async () => {
    const shopper = await emu.call<Reply<unknown>>(
      'staff',
      { action: 'listReminders' },
      'o_shopper',
    );
    expect(shopper).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'AUTH.FORBIDDEN' }),
    });
    const bad = await emu.call<Reply<unknown>>(
      'staff',
      { action: 'listReminders', limit: 500 },
      nanjing.openid,
    );
    expect(bad).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'COMMON.INVALID_INPUT' }),
    });
  });
});
