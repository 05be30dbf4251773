/**
 * Cloud-call permissions: a function may call only the open APIs its config.json lists in
 * `permissions.openapi`; anything else fails as on WeChat's cloud, errCode -604101 with
 * wx-server-sdk's own message. Every function of the project declares exactly the open APIs
 * its bundle calls, and the pos order path that changes a level delivers its message.
 */
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import { ROOT } from './support/sdk';
import { addMember, callPos, data, FUNCTION_ENV, posEvent } from './support/loyalty';
import { shanghaiMonth } from '../../src/domain/calendar';

/** A function that calls the open API named in its event and answers what the SDK gave it. */
const PROBE = (sdkPath: string) => `
const cloud = require(${JSON.stringify(sdkPath)});
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
exports.main = async (event) => {
  const [ns, method] = event.api.split('.');
  try {
    const res = await cloud.openapi[ns][method](event.params);
    return { ok: true, errCode: res.errCode === undefined ? null : res.errCode };
  } catch (e) {
    return { ok: false, errCode: e.errCode, errMsg: e.errMsg };
  }
};`;

describe('a function calling an open API its config.json does not declare', () => {
  let emu: TestEmulator;
  let functionsDir: string;
  beforeAll(async () => {
    functionsDir = mkdtempSync(join(tmpdir(), 'crm-probe-fns-'));
    mkdirSync(join(functionsDir, 'probe'));
    writeFileSync(
      join(functionsDir, 'probe/index.js'),
      PROBE(createRequire(__filename).resolve('wx-server-sdk')),
    );
    writeFileSync(
      join(functionsDir, 'probe/config.json'),
      JSON.stringify({ permissions: { openapi: ['wxacode.getUnlimited'] } }),
    );
    // 20 s, not the default 3: the first open-API call loads the SDK's client, slow on a busy machine
    emu = await startTestEmulator({ functionsDir, functionTimeouts: { probe: 20 } });
  });
  afterAll(async () => {
    await emu?.stop();
    rmSync(functionsDir, { recursive: true, force: true });
  });

  const probe = async (api: string, params: Record<string, unknown>) => {
    const out = await emu.invoke('probe', { api, params }, { source: 'wx_client', openid: 'o_p' });
    if (!out.ok) throw new Error(out.errMsg);
    return out.result;
  };

  it('gets -604101 with the SDK’s message, and nothing is sent', async () => {
    emu.openApi.grantSubscription('o_p', ['TPL_ANY'], emu.clock.now());
    expect(
      await probe('subscribeMessage.send', { touser: 'o_p', templateId: 'TPL_ANY', data: {} }),
    ).toEqual({ ok: false, errCode: -604101, errMsg: 'system error: error code: -604101' });
    expect(await probe('phonenumber.getPhoneNumber', { code: 'x' })).toMatchObject({
      ok: false,
      errCode: -604101,
    });
    expect(emu.openApi.outbox.list({ touser: 'o_p' })).toEqual([]);
  });

  it('a declared API is answered', async () => {
    expect(
      await probe('wxacode.getUnlimited', { scene: 'a=1', page: 'pages/index/index' }),
    ).toEqual({
      ok: true,
      errCode: 0,
    });
  });
});

describe("the project's functions", () => {
  const functions = readdirSync(join(ROOT, 'dist/cloudfunctions'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it('each declares exactly the open APIs its bundle calls', async () => {
    const emu = await startTestEmulator({ startsAt: TEST_EPOCH }); // builds the bundles when sources changed
    await emu.stop();
    expect(functions.length).toBeGreaterThanOrEqual(6);
    for (const name of functions) {
      const bundle = readFileSync(join(ROOT, 'dist/cloudfunctions', name, 'index.js'), 'utf8');
      const called = [
        ...new Set(
          [...bundle.matchAll(/\bopenapi\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`),
        ),
      ];
      const config = JSON.parse(
        readFileSync(join(ROOT, 'cloudfunctions', name, 'config.json'), 'utf8'),
      ) as { permissions?: { openapi?: string[] } };
      expect({ name, declared: [...(config.permissions?.openapi ?? [])].sort() }).toEqual({
        name,
        declared: called.sort(),
      });
    }
  });
});

describe('pos: an order that raises the level', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ functionEnv: FUNCTION_ENV, startsAt: TEST_EPOCH });
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('delivers the level-change subscribe message', async () => {
    const now = emu.clock.now();
    const m = addMember(emu, { stats: { spendByMonth: { [shanghaiMonth(now)]: 90_000 } } });
    emu.openApi.grantSubscription(m.openid, ['TPL_LEVEL_CHANGED'], now);
    emu.database.insertMany('subscriptions', [
      {
        _id: `${m.openid}:TPL_LEVEL_CHANGED`,
        openid: m.openid,
        memberId: m._id,
        purpose: 'levelChanged',
        templateId: 'TPL_LEVEL_CHANGED',
        credits: 1,
        accepted: 1,
        spent: 0,
        lastAcceptedAt: now,
        updatedAt: now,
      },
    ]);
    const { status, reply } = await callPos(
      emu,
      posEvent({
        storeId: 'S001',
        receiptNo: `LV${now.toString(36)}`,
        phone: m.phone,
        lines: [{ category: '家居清洁', amountFen: 25_800 }],
      }),
    );
    expect(status).toBe(200);
    expect(data(reply)).toMatchObject({ duplicate: false });
    expect(emu.database.find('members', { _id: m._id })[0].level).toBe('silver');
    const sent = emu.openApi.outbox.list({ channel: 'subscribe', touser: m.openid });
    expect(sent.map((s) => [s.templateId, s.status])).toEqual([['TPL_LEVEL_CHANGED', 'delivered']]);
  });
});
