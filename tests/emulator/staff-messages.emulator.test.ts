/**
 * The 服务号 channel against the emulated service account: one shared access token
 * (cached in the database, renewed before it runs out, refreshed once on 40001 / 42001),
 * fallbacks that are never retried (43004, no follower), retries with backoff (system busy,
 * 5xx, no answer), and exactly one message per key whatever runs twice or dies mid-send.
 * Messages are made by the real path: a cross-store purchase at the till, then the outbox
 * timer (scan + drain).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { OutboxRunResult } from '../../cloudfunctions/outbox/index';
import { LOCAL_SERVICE_ACCOUNT } from '../../emulator/config';
import { addMember } from './support/loyalty';
import {
  crossStorePurchase,
  delivered,
  find,
  fire,
  follow,
  run,
  saMessages,
  serviceOpenid,
  settle,
} from './support/staffMessages';

const SEND = 'message/template/send';
const keyOf = (clerkId: string, orderId: string) => `crossStore:${clerkId}:${orderId}`;

/**
 * A chain whose 徐家汇店 and 新街口店 clerks follow the account. `sync`: through the
 * follower timer (which fetches a token); otherwise their follower documents are written
 * as the sync writes them, so no token exists yet.
 */
async function boot({ sync }: { sync: boolean }) {
  const emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  const seed = await emu.seedMinimal();
  const [nanjing, xujiahui, xinjiekou] = seed.clerks;
  for (const clerk of [xujiahui, xinjiekou]) {
    const openid = follow(emu, clerk);
    if (!sync)
      emu.database.insertMany('serviceFollowers', [
        { _id: clerk.unionid, openid, subscribed: true, syncedAt: emu.clock.now() },
      ]);
  }
  if (sync) await run(emu, 'followers');
  return { emu, seed, nanjing, xujiahui, xinjiekou };
}

const calls = (emu: TestEmulator) => emu.openApi.serviceAccount.control.calls();
const reminderOf = (emu: TestEmulator, key: string) => find(emu, 'staffReminders', { _id: key })[0];
const outboxOf = (emu: TestEmulator, key: string) => find(emu, 'outbox', { _id: key })[0];
const deliveredKey = (emu: TestEmulator, key: string) =>
  delivered(emu).filter((m) => m.meta.clientMsgId === key);

describe('the access token', () => {
  let emu: TestEmulator;
  let nanjing: MinimalSeed['clerks'][number];
  let xujiahui: MinimalSeed['clerks'][number];
  beforeAll(async () => {
    ({ emu, nanjing, xujiahui } = await boot({ sync: false }));
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('is fetched once and shared: 12 messages through 4 concurrent drains, one stable_token call', async () => {
    expect(find(emu, 'wxTokens')).toEqual([]);
    const orders = [];
    for (let i = 0; i < 12; i++)
      orders.push((await crossStorePurchase(emu, xujiahui, nanjing)).orderId);
    settle(emu);
    const runs = await Promise.all([1, 2, 3, 4].map(() => run<OutboxRunResult>(emu, 'outbox')));
    expect(runs.reduce((n, r) => n + r.drain.sent, 0)).toBe(12);
    expect(calls(emu).stable_token).toBe(1);
    const keys = delivered(emu, serviceOpenid(xujiahui)).map((m) => m.meta.clientMsgId);
    expect([...keys].sort()).toEqual(orders.map((o) => keyOf(xujiahui.id, o)).sort());
    const [token] = find(emu, 'wxTokens');
    expect(token).toMatchObject({ _id: 'serviceAccount', refreshUntil: 0 });
    expect(token.expiresAt - emu.clock.now()).toBeGreaterThan(7000_000);
  });

  it('is not fetched again while fresh (an hour later)', async () => {
    emu.clock.advance(3600_000);
    await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    const out = await run<OutboxRunResult>(emu, 'outbox');
    expect(out.drain.sent).toBe(1);
    expect(calls(emu).stable_token).toBe(1);
  });

  it('is renewed before it runs out (moved into its last minutes)', async () => {
    const [before] = find(emu, 'wxTokens');
    emu.clock.set(before.expiresAt - 3 * 60_000);
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.sent).toBe(1);
    expect(calls(emu).stable_token).toBe(2);
    const [after] = find(emu, 'wxTokens');
    expect(after.token).not.toBe(before.token);
    expect(after.expiresAt).toBeGreaterThan(before.expiresAt);
    expect(deliveredKey(emu, keyOf(xujiahui.id, orderId))).toHaveLength(1);
  });

  it('40001 (revoked by a forced refresh elsewhere): one forced refresh, one retry, delivered', async () => {
    const res = await fetch(`${emu.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({
        grant_type: 'client_credential',
        ...LOCAL_SERVICE_ACCOUNT,
        force_refresh: true,
      }),
    });
    const outside = (await res.json()) as { access_token: string };
    const base = calls(emu);
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.sent).toBe(1);
    const now = calls(emu);
    expect(now.stable_token - base.stable_token).toBe(1);
    expect(now[SEND] - base[SEND]).toBe(2);
    expect(deliveredKey(emu, keyOf(xujiahui.id, orderId))).toHaveLength(1);
    expect(find(emu, 'wxTokens')[0].token).not.toBe(outside.access_token);
  });

  it('42001 (expired at WeChat): one forced refresh, one retry, delivered', async () => {
    emu.openApi.serviceAccount.control.arm({
      api: SEND,
      fail: { errcode: 42001, errmsg: 'access_token expired' },
    });
    const base = calls(emu);
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.sent).toBe(1);
    expect(calls(emu).stable_token - base.stable_token).toBe(1);
    expect(deliveredKey(emu, keyOf(xujiahui.id, orderId))).toHaveLength(1);
  });

  it('a token refused again after its refresh is not refreshed in a loop: retried later', async () => {
    emu.openApi.serviceAccount.control.arm({ api: SEND, fail: { errcode: 40001 }, times: 2 });
    const base = calls(emu);
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    const key = keyOf(xujiahui.id, orderId);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.retry).toBe(1);
    expect(calls(emu).stable_token - base.stable_token).toBe(1);
    expect(calls(emu)[SEND] - base[SEND]).toBe(2);
    expect(outboxOf(emu, key)).toMatchObject({ state: 'pending', attempts: 1 });
    emu.clock.advance(31_000);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.sent).toBe(1);
    expect(deliveredKey(emu, key)).toHaveLength(1);
  });
  it('stable_token failing (5xx) when a renewal is due: the message is retried, the next run renews', async () => {
    const [before] = find(emu, 'wxTokens');
    emu.clock.set(before.expiresAt + 1000); // past its life: no token to fall back on
    emu.openApi.serviceAccount.control.arm({ api: 'stable_token', fail: { status: 503 } });
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    const key = keyOf(xujiahui.id, orderId);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.retry).toBe(1);
    // the renewal lease is given back at once, the old token kept
    expect(find(emu, 'wxTokens')[0]).toMatchObject({ token: before.token, refreshUntil: 0 });
    expect(outboxOf(emu, key)).toMatchObject({ state: 'pending', attempts: 1 });
    emu.clock.advance(31_000);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.sent).toBe(1);
    expect(find(emu, 'wxTokens')[0].token).not.toBe(before.token);
    expect(deliveredKey(emu, key)).toHaveLength(1);
  });
});

describe('fallbacks and retries', () => {
  let emu: TestEmulator;
  let seed: MinimalSeed;
  let nanjing: MinimalSeed['clerks'][number];
  let xujiahui: MinimalSeed['clerks'][number];
  let xinjiekou: MinimalSeed['clerks'][number];
  beforeAll(async () => {
    ({ emu, seed, nanjing, xujiahui, xinjiekou } = await boot({ sync: true }));
  });
  beforeEach(() => emu.openApi.serviceAccount.control.disarm());
  afterAll(async () => {
    await emu?.stop();
  });

  it('no follower (the clerk never followed the account): in-app only, nothing sent', async () => {
    const manager = seed.managers[2]; // 新街口店's manager follows nothing
    const member = addMember(emu, { clerkId: manager.id, homeStoreId: manager.storeId });
    const base = calls(emu)[SEND] ?? 0;
    const { orderId } = await crossStorePurchase(emu, manager, nanjing, member);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.fallback).toBe(1);
    const key = keyOf(manager.id, orderId);
    expect(reminderOf(emu, key)).toMatchObject({ delivery: 'fallback', staffId: manager.id });
    expect(outboxOf(emu, key)).toMatchObject({ state: 'fellBack', fallbackReason: 'noFollower' });
    expect(calls(emu)[SEND] ?? 0).toBe(base);
  });

  it('43004 (unfollowed since the last sync): in-app fallback, the follower marked, never retried', async () => {
    follow(emu, xinjiekou, false);
    const { orderId } = await crossStorePurchase(emu, xinjiekou, nanjing);
    const key = keyOf(xinjiekou.id, orderId);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.fallback).toBe(1);
    expect(reminderOf(emu, key).delivery).toBe('fallback');
    expect(outboxOf(emu, key)).toMatchObject({
      state: 'fellBack',
      fallbackReason: 'notFollower',
      attempts: 1,
      error: { code: 43004 },
    });
    expect(find(emu, 'serviceFollowers', { _id: xinjiekou.unionid })[0].subscribed).toBe(false);
    emu.clock.advance(15 * 60_000);
    await run(emu, 'outbox');
    const tried = saMessages(emu, serviceOpenid(xinjiekou));
    expect(tried.map((m) => [m.status, m.errcode])).toEqual([['rejected', 43004]]);
  });

  it('a 5xx: retried after its backoff, delivered once', async () => {
    emu.openApi.serviceAccount.control.arm({ api: SEND, fail: { status: 503 } });
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    const key = keyOf(xujiahui.id, orderId);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.retry).toBe(1);
    const pending = outboxOf(emu, key);
    expect(pending).toMatchObject({
      state: 'pending',
      attempts: 1,
      error: { message: 'HTTP 503' },
    });
    expect(pending.nextAttemptAt - pending.firstAttemptAt).toBe(30_000);
    expect(reminderOf(emu, key).delivery).toBe('pending');
    // not yet due: nothing is tried
    const tries = calls(emu)[SEND];
    await run(emu, 'outbox');
    expect(calls(emu)[SEND]).toBe(tries);
    emu.clock.advance(31_000);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.sent).toBe(1);
    expect(deliveredKey(emu, key)).toHaveLength(1);
    expect(reminderOf(emu, key).delivery).toBe('sent');
    expect(outboxOf(emu, key)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('system busy (-1) at every attempt: 5 attempts with backoff, then given up; the reminder stays', async () => {
    emu.openApi.serviceAccount.control.arm({ api: SEND, fail: { errcode: -1 }, times: 5 });
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    const key = keyOf(xujiahui.id, orderId);
    settle(emu);
    const tries = calls(emu)[SEND];
    await run(emu, 'outbox');
    for (const seconds of [31, 61, 121, 241]) {
      expect(outboxOf(emu, key).state).toBe('pending');
      emu.clock.advance(seconds * 1000);
      await run(emu, 'outbox');
    }
    expect(calls(emu)[SEND] - tries).toBe(5);
    expect(outboxOf(emu, key)).toMatchObject({
      state: 'failed',
      fallbackReason: 'gaveUp',
      attempts: 5,
      error: { code: -1 },
    });
    expect(reminderOf(emu, key).delivery).toBe('fallback');
    expect(deliveredKey(emu, key)).toHaveLength(0);
  });

  it.each([
    ['delivered, then a 5xx', { status: 502 }],
    ['delivered, then the connection dropped', { drop: true as const }],
  ])('%s: the retry is de-duplicated by client_msg_id — one message', async (_name, fail) => {
    emu.openApi.serviceAccount.control.arm({ api: SEND, fail, applied: true });
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    const key = keyOf(xujiahui.id, orderId);
    settle(emu);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.retry).toBe(1);
    expect(deliveredKey(emu, key)).toHaveLength(1);
    emu.clock.advance(31_000);
    expect((await run<OutboxRunResult>(emu, 'outbox')).drain.sent).toBe(1);
    expect(deliveredKey(emu, key)).toHaveLength(1);
    expect(outboxOf(emu, key).state).toBe('sent');
  });

  it('a member message abandoned mid-send: closed as failed once its credit was spent (at most once), reopened when not', async () => {
    const now = emu.clock.now();
    const abandoned = (memberId: string) => ({
      _id: `birthday:${memberId}:2027`,
      channel: 'subscribe',
      memberId,
      purpose: 'birthday',
      templateId: 'TPL_BIRTHDAY_GREETING',
      page: 'pages/card/index',
      data: { thing1: { value: '张女士，生日快乐' } },
      state: 'sending',
      attempts: 1,
      leaseUntil: now - 1,
      touser: null,
      creditId: null,
      skipReason: null,
      error: null,
      createdAt: now - 120_000,
      updatedAt: now - 120_000,
      sentAt: null,
    });
    emu.database.insertMany('outbox', [abandoned('m_spent'), abandoned('m_unspent')]);
    // the instance that left m_spent's send had spent a credit on it: WeChat may have it
    emu.database.insertMany('subscriptions', [
      {
        _id: 'o_m_spent:TPL_BIRTHDAY_GREETING',
        openid: 'o_m_spent',
        memberId: 'm_spent',
        purpose: 'birthday',
        templateId: 'TPL_BIRTHDAY_GREETING',
        credits: 0,
        accepted: 1,
        spent: 1,
        spentFor: ['birthday:m_spent:2027'],
        lastAcceptedAt: 0,
        updatedAt: 0,
      },
    ]);
    const { drain } = await run<OutboxRunResult>(emu, 'outbox');
    expect(drain).toMatchObject({ closed: 1, reopened: 1 });
    expect(outboxOf(emu, 'birthday:m_spent:2027')).toMatchObject({
      state: 'failed',
      error: { message: 'unknownOutcome' },
    });
    // never asked of WeChat: pending again, for the job that owns the key to send
    expect(outboxOf(emu, 'birthday:m_unspent:2027')).toMatchObject({
      state: 'pending',
      leaseUntil: null,
    });
    expect(emu.openApi.outbox.list({ channel: 'subscribe' })).toHaveLength(0);
  });

  it('two drains at once: one message', async () => {
    const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
    settle(emu);
    await Promise.all([run(emu, 'outbox'), run(emu, 'outbox')]);
    expect(deliveredKey(emu, keyOf(xujiahui.id, orderId))).toHaveLength(1);
  });

  it('killed after any request: the next runs send exactly one message', async () => {
    let k = 1;
    for (; k < 60; k++) {
      const { orderId } = await crossStorePurchase(emu, xujiahui, nanjing);
      const key = keyOf(xujiahui.id, orderId);
      settle(emu);
      const killsBefore = emu.faults.kills().length;
      emu.faults.arm({ fn: 'outbox', afterRequest: k });
      const out = await fire(emu, 'outbox');
      emu.faults.disarm();
      const killed = emu.faults.kills().length > killsBefore;
      emu.clock.advance(31_000); // past the lease of an abandoned send
      await run(emu, 'outbox');
      await run(emu, 'outbox');
      expect({ k, sent: deliveredKey(emu, key).length }).toEqual({ k, sent: 1 });
      expect({ k, delivery: reminderOf(emu, key).delivery }).toEqual({ k, delivery: 'sent' });
      expect({ k, state: outboxOf(emu, key).state }).toEqual({ k, state: 'sent' });
      if (!killed) {
        expect(out.ok).toBe(true);
        break;
      }
    }
    expect(k).toBeGreaterThan(10); // the run was killed at every one of its requests first
  });
});
