/**
 * The follower sync: the service account's follower list (paged by next_openid) becomes
 * `serviceFollowers/<unionid>`, resumable after a kill, and a pass marks those who left.
 * Binding through an invite records the UNIONID WeChat attaches; staff bound before get it
 * on their next call.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { FollowerSyncResult } from '../../cloudfunctions/followers/sync';
import { find, fire, run } from './support/staffMessages';

let emu: TestEmulator;
const openid = (i: number) => `oSA_f${String(i).padStart(3, '0')}`;

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('the follower sync', () => {
  it('walks two pages, survives a kill in the middle, and stores every follower once', async () => {
    // 250 followers, 150 a page: two pages, three batchget chunks on the first
    for (let i = 1; i <= 250; i++)
      emu.openApi.linkServiceAccountUser({ serviceOpenid: openid(i), unionid: `u_f${i}` });
    emu.openApi.serviceAccount.control.setFollowerPageSize(150);
    const calls = () => emu.openApi.serviceAccount.control.calls();

    // requests: cursor, token (read, create, write), then per chunk of 100 new followers
    // one read, 100 writes and the saved cursor (106 after the first): die in the second
    emu.faults.arm({ fn: 'followers', afterRequest: 120 });
    const killed = await fire(emu, 'followers');
    expect(killed.ok).toBe(false);
    const partial = find(emu, 'serviceFollowers').length;
    expect(partial).toBe(100 + 13);
    const cursor = find(emu, 'jobRuns', { _id: 'followerSync' })[0];
    expect(cursor).toMatchObject({ pageFrom: '', offset: 100, done: false });

    const batchgetsBefore = calls()['user/info/batchget'];
    const done = await run<FollowerSyncResult>(emu, 'followers');
    expect(done).toMatchObject({ complete: true, pages: 3 });
    // resumed after the saved chunk: the rest of page one (50) and page two (100), then the
    // empty page after the last; the 13 written before the kill are found unchanged
    expect(done).toMatchObject({ followers: 150, written: 150 - 13 });
    expect(calls()['user/info/batchget'] - batchgetsBefore).toBe(2);
    const stored = find(emu, 'serviceFollowers');
    expect(stored).toHaveLength(250);
    expect(stored.find((f) => f._id === 'u_f200')).toMatchObject({
      openid: openid(200),
      subscribed: true,
    });
  });

  it('a finished pass is not repeated within the hour; the next one marks who unfollowed', async () => {
    expect(await run<FollowerSyncResult>(emu, 'followers')).toMatchObject({ skipped: 'recent' });
    emu.openApi.linkServiceAccountUser({
      serviceOpenid: openid(7),
      unionid: 'u_f7',
      subscribed: false,
    });
    emu.clock.advance(60 * 60_000);
    const pass = await run<FollowerSyncResult>(emu, 'followers');
    expect(pass).toMatchObject({ complete: true, unsubscribed: 1, written: 0 });
    expect(find(emu, 'serviceFollowers', { subscribed: false }).map((f) => f._id)).toEqual([
      'u_f7',
    ]);
    // the one who came back is subscribed again by the next pass
    emu.openApi.linkServiceAccountUser({ serviceOpenid: openid(7), unionid: 'u_f7' });
    emu.clock.advance(60 * 60_000);
    expect(await run<FollowerSyncResult>(emu, 'followers')).toMatchObject({
      written: 1,
      unsubscribed: 0,
    });
    expect(find(emu, 'serviceFollowers', { subscribed: false })).toEqual([]);
  });

  it('refuses a call from a client (timers only)', async () => {
    const out = await emu.call<{ ok: boolean; error?: { code: string } }>(
      'followers',
      {},
      'o_test_hq',
    );
    expect(out).toMatchObject({ ok: false, error: { code: 'TIMER.TRIGGER_ONLY' } });
  });
});

describe('the UNIONID of staff', () => {
  type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };
  const callAs = async <T>(event: Record<string, unknown>, openid: string, unionid?: string) => {
    const out = await emu.invoke(
      'staff',
      { ...event, userInfo: { appId: 'test', openId: openid } },
      { openid, unionid, source: 'wx_client' },
    );
    if (!out.ok) throw new Error(out.errMsg);
    return out.result as Reply<T>;
  };

  it('is recorded when a clerk binds through an invite', async () => {
    const invite = await callAs<{ code: string }>(
      { action: 'createInvite', role: 'clerk', storeId: 'S001', name: '林小雨' },
      'o_test_manager_S001',
    );
    if (!invite.ok) throw new Error('createInvite failed');
    const bound = await callAs<{ staff: { staffId: string } }>(
      { action: 'bindInvite', code: invite.data.code },
      'o_new_clerk',
      'u_new_clerk',
    );
    if (!bound.ok) throw new Error('bindInvite failed');
    expect(find(emu, 'staff', { _id: bound.data.staff.staffId })[0]).toMatchObject({
      openid: 'o_new_clerk',
      unionid: 'u_new_clerk',
    });
  });

  it('is recorded on the next call of staff bound without one, once, and never overwritten', async () => {
    emu.database.insertMany('staff', [
      {
        _id: 'C0099',
        name: '老店员',
        storeId: 'S002',
        role: 'clerk',
        openid: 'o_old_clerk',
        active: true,
        createdAt: 0,
      },
    ]);
    await callAs({ action: 'whoami' }, 'o_old_clerk'); // no UNIONID in this call: nothing to record
    expect(find(emu, 'staff', { _id: 'C0099' })[0].unionid).toBeUndefined();
    await callAs({ action: 'listReminders' }, 'o_old_clerk', 'u_old_clerk');
    expect(find(emu, 'staff', { _id: 'C0099' })[0].unionid).toBe('u_old_clerk');
    await callAs({ action: 'whoami' }, 'o_old_clerk', 'u_someone_else');
    expect(find(emu, 'staff', { _id: 'C0099' })[0].unionid).toBe('u_old_clerk');
  });
});
