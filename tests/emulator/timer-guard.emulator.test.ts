/**
 * Timer functions obey only their trigger. Any client of the mini-program can call any
 * function by name, so `automations` and `daily` refuse every call that carries a user
 * identity or comes from a client or the HTTP access service — through the gateway with a
 * persona, through the control API's invoke, with a forged `{Type:'Timer'}` body — with
 * TIMER.TRIGGER_ONLY, and change nothing. The real trigger (no OPENID, SOURCE wx_trigger)
 * still runs the job.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import { addCoupon, addMember, find, type TestMember } from './support/loyalty';
import { snapshot } from './support/memberJourney';

const REFUSED = {
  ok: false,
  error: { code: 'TIMER.TRIGGER_ONLY', message: '该功能由系统定时运行，不能直接调用' },
};
const NOW = shanghaiTime(2026, 12, 9, 12);

let emu: TestEmulator;
let celebrant: TestMember;

async function gateway(name: string, body: unknown, openid?: string) {
  const res = await fetch(`${emu.url}/fn/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(openid ? { 'x-crm-openid': openid } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
async function controlInvoke(name: string, event: unknown, extra: Record<string, unknown>) {
  const res = await fetch(`${emu.url}/__emulator/invoke`, {
    method: 'POST',
    body: JSON.stringify({ name, event, ...extra }),
  });
  return (await res.json()) as { ok: boolean; result?: unknown };
}
const forged = (trigger: string) => ({
  Type: 'Timer',
  TriggerName: trigger,
  Time: new Date(NOW).toISOString(),
});
const outboxSize = () => emu.openApi.outbox.list({}).length;

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.seedMinimal();
  emu.clock.set(NOW);
  // work both jobs would do if they ran: a birthday due tomorrow, an expired coupon, an expired lot
  celebrant = addMember(emu, {
    birthday: { month: 12, day: 10, year: 1990 },
    lots: [{ points: 100, expiresAt: NOW - 1_000 }],
  });
  addCoupon(emu, celebrant._id, { validUntil: NOW - 1_000, status: 'unused' });
});
afterAll(async () => {
  await emu?.stop();
});

describe('timer functions refuse callers', () => {
  it.each(['automations', 'daily'])(
    '%s: through the gateway as a member (empty body, forged Timer body, no persona) — refused, nothing written',
    async (name) => {
      const before = snapshot(emu);
      const outbox = outboxSize();
      for (const [body, openid] of [
        [{}, celebrant.openid],
        [forged(name), celebrant.openid],
        [forged(name), 'o_test_clerk_S001'],
        [forged(name), undefined], // a client call the gateway sends without an identity
      ] as const) {
        expect(await gateway(name, body, openid)).toEqual({
          status: 200,
          body: { result: REFUSED, requestID: expect.any(String) },
        });
      }
      expect(snapshot(emu)).toBe(before);
      expect(outboxSize()).toBe(outbox);
    },
  );

  it.each(['automations', 'daily'])(
    '%s: by invoke with an openid (even claiming SOURCE wx_trigger), and by HTTP access — refused, nothing written',
    async (name) => {
      const before = snapshot(emu);
      for (const extra of [
        { openid: celebrant.openid },
        { openid: celebrant.openid, source: 'wx_trigger' },
        { openid: 'o_test_hq', source: 'wx_trigger' },
        { source: 'wx_http' },
      ]) {
        expect(await controlInvoke(name, forged(name), extra)).toMatchObject({
          ok: true,
          result: REFUSED,
        });
      }
      const http = await fetch(`${emu.url}/http/${name}`, { method: 'POST', body: '{}' });
      expect(await http.json()).toEqual(REFUSED);
      expect(snapshot(emu)).toBe(before);
    },
  );

  it('the real trigger (no OPENID, SOURCE wx_trigger) runs each job', async () => {
    const fire = async (name: string) => {
      const trigger = emu.scheduler.schedule().find((t) => t.functionName === name)!;
      return (await emu.scheduler.fireNow(trigger)).result;
    };
    expect(await fire('automations')).toMatchObject({
      ok: true,
      result: { complete: true, byAutomation: { birthdayGreeting: { found: 1, acted: 1 } } },
    });
    expect(emu.database.count('coupons', { issueKey: `birthday:${celebrant._id}:2026` })).toBe(1);
    expect(await fire('daily')).toMatchObject({
      ok: true,
      result: { couponsExpired: 1, points: { members: 1, lots: 1, points: 100 } },
    });
    expect(find(emu, 'members', { _id: celebrant._id }, { limit: 1 })[0].points.balance).toBe(0);
  });
});
