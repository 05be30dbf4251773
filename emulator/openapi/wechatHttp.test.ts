import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenApiBackend, createWechatHttpHandler, type EmulatorOpenApi } from './index';

const T0 = Date.UTC(2026, 10, 22, 7, 0, 0);
const CREDENTIALS = { appid: 'wxService', secret: 'service-secret' };
const CLERK = 'oSvcClerk_000000000000000001';
const APP_PAGES = ['pages/index/index', 'staff/pages/follow-up/index'];

let now: number;
let tokens: number;
let api: EmulatorOpenApi;
let server: Server;
let base: string;

beforeEach(async () => {
  now = T0;
  tokens = 0;
  api = createOpenApiBackend({
    sqlite: new Database(':memory:'),
    clock: () => now,
    h5BaseUrl: 'http://h5.test',
    appPages: APP_PAGES,
    serviceAccount: CREDENTIALS,
    newId: () => `TOKEN_${++tokens}`,
  });
  api.linkServiceAccountUser({ serviceOpenid: CLERK, unionid: 'uClerk1' });
  server = createServer(createWechatHttpHandler(api));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
async function get(path: string) {
  const res = await fetch(base + path);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const token = async (extra: Record<string, unknown> = {}) =>
  (
    await post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      ...CREDENTIALS,
      ...extra,
    })
  ).json;

const template = (overrides: Record<string, unknown> = {}) => ({
  touser: CLERK,
  template_id: 'TPL_SA_CLERK_FOLLOW_UP',
  miniprogram: { appid: 'wx0000000000local', pagepath: 'staff/pages/follow-up/index?memberId=m1' },
  data: { thing1: { value: '会员张三生日' }, time2: { value: '2026-11-22 15:01' } },
  ...overrides,
});
const sendTemplate = async (accessToken: string, body: unknown, headers?: Record<string, string>) =>
  (await post(`/cgi-bin/message/template/send?access_token=${accessToken}`, body, headers)).json;

describe('POST /cgi-bin/stable_token', () => {
  it('issues a token valid 7200 s and hands the same one back while it is fresh', async () => {
    expect(await token()).toEqual({ access_token: 'TOKEN_1', expires_in: 7200 });
    now += 1000 * 1000;
    expect(await token()).toEqual({ access_token: 'TOKEN_1', expires_in: 6200 });
  });

  it('renews in the last 5 minutes, the old token still working until it runs out', async () => {
    await token();
    now += (7200 - 299) * 1000;
    expect(await token()).toEqual({ access_token: 'TOKEN_2', expires_in: 7200 });
    expect((await sendTemplate('TOKEN_1', template())).errcode).toBe(0);
  });

  it('force_refresh issues a new token and invalidates the previous one', async () => {
    await token();
    expect((await token({ force_refresh: true })).access_token).toBe('TOKEN_2');
    expect((await sendTemplate('TOKEN_1', template())).errcode).toBe(40001);
  });

  it('checks grant_type, appid and secret', async () => {
    expect((await token({ grant_type: 'password' })).errcode).toBe(40002);
    expect((await token({ appid: '' })).errcode).toBe(41002);
    expect((await token({ secret: undefined })).errcode).toBe(41004);
    expect((await token({ appid: 'wxOther' })).errcode).toBe(40013);
    expect((await token({ secret: 'nope' })).errcode).toBe(40125);
  });

  it('answers 43002 to GET, 47001 to a body that is not JSON', async () => {
    expect((await get('/cgi-bin/stable_token')).json.errcode).toBe(43002);
    expect((await post('/cgi-bin/stable_token', '{not json')).json.errcode).toBe(47001);
  });
});

describe('POST /cgi-bin/message/template/send', () => {
  it('delivers to a follower, records the outbox row and answers the msgid', async () => {
    const { access_token } = await token();
    const res = await sendTemplate(access_token as string, template(), {
      'x-emulator-invocation-id': 'inv-sa',
    });
    const [row] = api.outbox.list({ channel: 'serviceAccount' });
    expect(res).toEqual({ errcode: 0, errmsg: 'ok', msgid: row.id });
    expect(row).toMatchObject({
      channel: 'serviceAccount',
      touser: CLERK,
      templateId: 'TPL_SA_CLERK_FOLLOW_UP',
      page: 'staff/pages/follow-up/index?memberId=m1',
      data: { thing1: { value: '会员张三生日' } },
      status: 'delivered',
      at: T0,
      invocationId: 'inv-sa',
    });
  });

  it('answers 41001 without a token, 40001 for an unknown one', async () => {
    expect((await post('/cgi-bin/message/template/send', template())).json.errcode).toBe(41001);
    expect((await sendTemplate('forged', template())).errcode).toBe(40001);
    expect(api.outbox.list()).toEqual([]);
  });

  it('answers 42001 once the token is 7200 s old (moved clock)', async () => {
    const { access_token } = await token();
    now += 7200 * 1000 - 1;
    expect((await sendTemplate(access_token as string, template())).errcode).toBe(0);
    now += 1;
    expect(await sendTemplate(access_token as string, template())).toEqual({
      errcode: 42001,
      errmsg: 'access_token expired',
    });
  });

  it('answers 40003 for a malformed or unknown openid, 43004 for a clerk who unfollowed', async () => {
    const t = (await token()).access_token as string;
    expect((await sendTemplate(t, template({ touser: '' }))).errcode).toBe(40003);
    expect((await sendTemplate(t, template({ touser: 'oUnknown' }))).errcode).toBe(40003);
    api.linkServiceAccountUser({ serviceOpenid: CLERK, unionid: 'uClerk1', subscribed: false });
    expect((await sendTemplate(t, template())).errcode).toBe(43004);
    expect(api.outbox.list().map((m) => m.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('answers 47003 for a value over 20 characters or empty, 40037 without template id', async () => {
    const t = (await token()).access_token as string;
    expect(
      (
        await sendTemplate(
          t,
          template({ data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十' } } }),
        )
      ).errcode,
    ).toBe(0);
    const long = await sendTemplate(
      t,
      template({ data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } } }),
    );
    expect(long).toEqual({ errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' });
    expect((await sendTemplate(t, template({ data: { thing1: { value: '' } } }))).errcode).toBe(
      47003,
    );
    expect((await sendTemplate(t, template({ data: {} }))).errcode).toBe(47003);
    expect((await sendTemplate(t, template({ template_id: '' }))).errcode).toBe(40037);
  });

  it('answers 40165 for a mini-program page that is not in the app', async () => {
    const t = (await token()).access_token as string;
    const res = await sendTemplate(
      t,
      template({ miniprogram: { appid: 'wx0000000000local', pagepath: 'pages/gone/index' } }),
    );
    expect(res.errcode).toBe(40165);
  });

  it('dedupes by client_msg_id for the same clerk: same msgid, one outbox row', async () => {
    const t = (await token()).access_token as string;
    const first = await sendTemplate(t, template({ client_msg_id: 'followup:m1:2026-11-22' }));
    now += 60_000;
    const again = await sendTemplate(t, template({ client_msg_id: 'followup:m1:2026-11-22' }));
    expect(again).toEqual(first);
    expect(api.outbox.list()).toHaveLength(1);
    const other = await sendTemplate(t, template({ client_msg_id: 'followup:m2:2026-11-22' }));
    expect(other.msgid).not.toBe(first.msgid);
    expect(api.outbox.list()).toHaveLength(2);
  });

  it('keeps client_msg_id for 10 minutes only, as documented', async () => {
    const t = (await token()).access_token as string;
    const first = await sendTemplate(t, template({ client_msg_id: 'x1' }));
    now += 10 * 60_000 + 1;
    const later = await sendTemplate(t, template({ client_msg_id: 'x1' }));
    expect(later.msgid).not.toBe(first.msgid);
  });

  it('does not let a rejected send claim a client_msg_id', async () => {
    const t = (await token()).access_token as string;
    await sendTemplate(t, template({ client_msg_id: 'x2', data: { thing1: { value: '' } } }));
    expect((await sendTemplate(t, template({ client_msg_id: 'x2' }))).errcode).toBe(0);
  });
});

describe('GET /cgi-bin/user/info', () => {
  it('answers a follower with the unionid that links the clerk to the mini-program', async () => {
    const t = (await token()).access_token as string;
    const { json } = await get(`/cgi-bin/user/info?access_token=${t}&openid=${CLERK}&lang=zh_CN`);
    expect(json).toMatchObject({
      subscribe: 1,
      openid: CLERK,
      unionid: 'uClerk1',
      subscribe_time: Math.floor(T0 / 1000),
    });
  });

  it('answers subscribe 0 after unfollowing, 40003 for an unknown openid, token errors first', async () => {
    const t = (await token()).access_token as string;
    api.linkServiceAccountUser({ serviceOpenid: CLERK, unionid: 'uClerk1', subscribed: false });
    expect((await get(`/cgi-bin/user/info?access_token=${t}&openid=${CLERK}`)).json).toMatchObject({
      subscribe: 0,
      openid: CLERK,
    });
    expect((await get(`/cgi-bin/user/info?access_token=${t}&openid=oNobody`)).json.errcode).toBe(
      40003,
    );
    expect((await get(`/cgi-bin/user/info?openid=${CLERK}`)).json.errcode).toBe(41001);
    expect(
      (await post(`/cgi-bin/user/info?access_token=${t}&openid=${CLERK}`, {})).json.errcode,
    ).toBe(43001);
  });
});

describe('routing', () => {
  it('answers 404 / 40066 for a path it does not know, and works behind a prefix', async () => {
    const res = await get('/cgi-bin/menu/create');
    expect(res).toEqual({ status: 404, json: { errcode: 40066, errmsg: 'invalid url' } });
    expect(
      (
        await post('/wechat/cgi-bin/stable_token', {
          grant_type: 'client_credential',
          ...CREDENTIALS,
        })
      ).json.access_token,
    ).toBe('TOKEN_1');
  });
});
