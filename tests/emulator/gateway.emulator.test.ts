/**
 * The emulator's HTTP surface as an outside client (curl, a load test, a till system) sees
 * it: the H5 gateway, WeChat's HTTP access service for `pos`, the controls and the console.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

const POS_KEY = 'gateway-test-pos-key-S001';

describe('emulator gateway', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({
      functionEnv: { CRM_POS_KEYS: JSON.stringify({ S001: POS_KEY }) },
    });
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(emu.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('calls a function as the persona in x-crm-openid, like wx.cloud.callFunction', async () => {
    const scene = (
      (await (await fetch(`${emu.url}/__emulator/app/scene?storeId=S001`)).json()) as {
        scene: string;
      }
    ).scene;
    expect(scene).toBe(emu.sceneFor('S001'));
    const signup = await post(
      '/fn/member',
      { action: 'signup', phoneCode: 'dev_13812345678_g1', scene, consentVersion: '2026-12' },
      { 'x-crm-openid': 'o_gateway_user' },
    );
    expect(signup.status).toBe(200);
    expect(await signup.json()).toMatchObject({ result: { ok: true, data: { created: true } } });

    const me = await post('/fn/member', { action: 'me' }, { 'x-crm-openid': 'o_gateway_user' });
    expect(await me.json()).toMatchObject({ result: { ok: true, data: { status: 'member' } } });
    const stranger = await post(
      '/fn/member',
      { action: 'me' },
      { 'x-crm-openid': 'o_someone_else' },
    );
    expect(await stranger.json()).toMatchObject({
      result: { ok: true, data: { status: 'visitor' } },
    });
  });

  it('refuses a malformed persona header and a body that is not JSON', async () => {
    expect((await post('/fn/member', { action: 'me' }, { 'x-crm-openid': 'bad id!' })).status).toBe(
      400,
    );
    expect((await post('/fn/member', '{not json', { 'x-crm-openid': 'o_x' })).status).toBe(400);
  });

  it('answers an unknown function like the cloud does', async () => {
    const res = await post('/fn/nope', {}, { 'x-crm-openid': 'o_x' });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ errCode: -501000 });
  });

  it('runs pos through the HTTP access service: signed orders count, unsigned ones do not', async () => {
    const body = JSON.stringify({
      storeId: 'S001',
      receiptNo: 'GW-0001',
      phone: '13812345678',
      lines: [{ category: '家居清洁', amountFen: 25800 }],
    });
    const sig = createHmac('sha256', POS_KEY).update(body).digest('hex');
    const unsigned = await post('/http/pos', body);
    expect(unsigned.status).toBe(401);
    expect(emu.database.count('orders', {})).toBe(0);

    const signed = await post('/http/pos', body, { 'x-crm-signature': `sha256=${sig}` });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({
      ok: true,
      data: { paidFen: 25800, pointsEarned: 516, duplicate: false },
    });
    const again = await post('/http/pos', body, { 'x-crm-signature': `sha256=${sig}` });
    expect(await again.json()).toMatchObject({ ok: true, data: { duplicate: true } });
    expect(emu.database.count('orders', {})).toBe(1);
  });

  it('moves the clock and serves the console', async () => {
    const before = ((await (await fetch(`${emu.url}/__emulator/clock`)).json()) as { now: number })
      .now;
    const moved = (await (await post('/__emulator/clock', { advanceMs: 3_600_000 })).json()) as {
      now: number;
    };
    expect(moved.now - before).toBeGreaterThanOrEqual(3_600_000);
    await post('/__emulator/clock', { reset: true });
    const page = await fetch(`${emu.url}/__console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('本地模拟器控制台');
  });

  it("offers the app's personas and name, handed in by its options", async () => {
    const app = (await (await fetch(`${emu.url}/__emulator/app`)).json()) as { name: string };
    expect(app.name).toBe('门店会员 CRM');
    const { personas, links } = (await (await fetch(`${emu.url}/__emulator/personas`)).json()) as {
      personas: { label: string; openid: string; page?: string }[];
      links: { label: string; openid: string; page: string }[];
    };
    expect(personas[0]).toEqual({ label: '新访客（首次扫码）', role: 'visitor', openid: '' });
    const staff = personas.filter((p) => p.page === '#/staff/pages/home/index');
    expect(staff.length).toBeGreaterThan(0);
    const store = links.find((l) => l.page.includes(encodeURIComponent(emu.sceneFor('S001'))));
    expect(store).toMatchObject({ openid: '', label: expect.stringMatching(/^新访客扫「.+」码$/) });
  });
});
