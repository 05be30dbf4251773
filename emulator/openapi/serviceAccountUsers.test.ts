import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenApiBackend, createWechatHttpHandler, type EmulatorOpenApi } from './index';

const CREDENTIALS = { appid: 'wxService', secret: 'service-secret' };
const follower = (i: number) => `oSvc_${String(i).padStart(4, '0')}`;

let api: EmulatorOpenApi;
let server: Server;
let base: string;
let token: string;

beforeEach(async () => {
  api = createOpenApiBackend({
    sqlite: new Database(':memory:'),
    clock: () => Date.UTC(2026, 10, 22, 7, 0, 0),
    h5BaseUrl: 'http://h5.test',
    serviceAccount: CREDENTIALS,
  });
  for (let i = 1; i <= 5; i++)
    api.linkServiceAccountUser({
      serviceOpenid: follower(i),
      unionid: `u${i}`,
      subscribed: i !== 3,
    });
  server = createServer(createWechatHttpHandler(api));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  token = String(
    (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', ...CREDENTIALS })).json
      .access_token,
  );
});

afterEach(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

async function post(path: string, body: unknown) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
async function get(path: string) {
  const res = await fetch(base + path);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('GET /cgi-bin/user/get', () => {
  it('lists current followers in the order they followed, one page of up to 10,000', async () => {
    const { json } = await get(`/cgi-bin/user/get?access_token=${token}&next_openid=`);
    expect(json).toEqual({
      total: 4,
      count: 4,
      data: { openid: [follower(1), follower(2), follower(4), follower(5)] },
      next_openid: follower(5),
    });
  });

  it('pages with next_openid; the page after the last has count 0 and no data', async () => {
    api.serviceAccount.control.setFollowerPageSize(3);
    const first = (await get(`/cgi-bin/user/get?access_token=${token}`)).json;
    expect(first).toMatchObject({ total: 4, count: 3, next_openid: follower(4) });
    const second = (
      await get(`/cgi-bin/user/get?access_token=${token}&next_openid=${first.next_openid}`)
    ).json;
    expect(second).toEqual({
      total: 4,
      count: 1,
      data: { openid: [follower(5)] },
      next_openid: follower(5),
    });
    const end = (await get(`/cgi-bin/user/get?access_token=${token}&next_openid=${follower(5)}`))
      .json;
    expect(end).toEqual({ total: 4, count: 0, next_openid: '' });
  });

  it('refuses an unknown next_openid (40003) and a bad token (40001)', async () => {
    expect(
      (await get(`/cgi-bin/user/get?access_token=${token}&next_openid=oNobody`)).json.errcode,
    ).toBe(40003);
    expect((await get('/cgi-bin/user/get?access_token=nope')).json.errcode).toBe(40001);
  });
});

describe('POST /cgi-bin/user/info/batchget', () => {
  it('answers each user with its unionid; an unfollowed one with subscribe 0', async () => {
    const { json } = await post(`/cgi-bin/user/info/batchget?access_token=${token}`, {
      user_list: [{ openid: follower(1), lang: 'zh_CN' }, { openid: follower(3) }],
    });
    const list = json.user_info_list as Record<string, unknown>[];
    expect(list.map((u) => [u.openid, u.subscribe, u.unionid])).toEqual([
      [follower(1), 1, 'u1'],
      [follower(3), 0, 'u3'],
    ]);
  });

  it('refuses more than 100 users or none (40032), and an unknown openid (40003)', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ openid: follower(i) }));
    const at = `/cgi-bin/user/info/batchget?access_token=${token}`;
    expect((await post(at, { user_list: many })).json.errcode).toBe(40032);
    expect((await post(at, { user_list: [] })).json.errcode).toBe(40032);
    expect((await post(at, { user_list: [{ openid: 'oNobody' }] })).json.errcode).toBe(40003);
  });
});

describe('controls', () => {
  it('counts calls per API', async () => {
    await get(`/cgi-bin/user/get?access_token=${token}`);
    expect(api.serviceAccount.control.calls()).toEqual({ stable_token: 1, 'user/get': 1 });
  });

  it('an armed 5xx answers before the call runs; an applied one after it ran', async () => {
    const send = (id: string) =>
      fetch(`${base}/cgi-bin/message/template/send?access_token=${token}`, {
        method: 'POST',
        body: JSON.stringify({
          touser: follower(1),
          template_id: 'TPL',
          data: { thing1: { value: 'x' } },
          client_msg_id: id,
        }),
      });
    api.serviceAccount.control.arm({ api: 'message/template/send', fail: { status: 503 } });
    expect((await send('a')).status).toBe(503);
    expect(api.outbox.list({ channel: 'serviceAccount' })).toHaveLength(0);
    api.serviceAccount.control.arm({
      api: 'message/template/send',
      fail: { status: 502 },
      applied: true,
    });
    expect((await send('b')).status).toBe(502);
    expect(api.outbox.list({ channel: 'serviceAccount' }).map((m) => m.status)).toEqual([
      'delivered',
    ]);
    // the repeat with the same client_msg_id answers the first msgid and sends nothing
    const again = (await (await send('b')).json()) as Record<string, unknown>;
    expect(again.errcode).toBe(0);
    expect(api.outbox.list({ channel: 'serviceAccount' })).toHaveLength(1);
  });

  it('an armed errcode answers it (system busy)', async () => {
    api.serviceAccount.control.arm({ api: 'user/get', fail: { errcode: -1 } });
    expect((await get(`/cgi-bin/user/get?access_token=${token}`)).json.errcode).toBe(-1);
    expect((await get(`/cgi-bin/user/get?access_token=${token}`)).json.count).toBe(4);
  });
});
