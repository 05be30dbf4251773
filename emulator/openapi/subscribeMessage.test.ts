import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenApiBackend, type EmulatorOpenApi } from './index';

const T0 = Date.UTC(2026, 10, 22, 7, 0, 0);
const MEMBER = 'oMember_0000000000000000001';
const TPL = 'TPL_POINTS_CHANGED';
const APP_PAGES = ['pages/index/index', 'pages/member/index', 'staff/pages/desk/index'];

let now: number;
let api: EmulatorOpenApi;
const ctx = { invocationId: 'inv-1' };

type Answer = { errcode: number; errmsg: string };

function send(overrides: Record<string, unknown> = {}): Promise<Answer> {
  return api.call(
    'subscribeMessage.send',
    {
      touser: MEMBER,
      template_id: TPL,
      page: 'pages/member/index?tab=points',
      data: {
        thing1: { value: '消费积分到账' },
        number2: { value: '120' },
        time3: { value: '2026-11-22 15:01' },
      },
      miniprogram_state: 'developer',
      ...overrides,
    },
    ctx,
  ) as Promise<Answer>;
}

beforeEach(() => {
  now = T0;
  api = createOpenApiBackend({
    sqlite: new Database(':memory:'),
    clock: () => now,
    h5BaseUrl: 'http://h5.test',
    appPages: APP_PAGES,
  });
});

describe('subscribeMessage.send', () => {
  it('delivers with a credit and answers ok', async () => {
    api.grantSubscription(MEMBER, [TPL], T0 - 1000);
    await expect(send()).resolves.toEqual({ errcode: 0, errmsg: 'ok' });
    const [row] = api.outbox.list();
    expect(row).toMatchObject({
      channel: 'subscribe',
      touser: MEMBER,
      templateId: TPL,
      page: 'pages/member/index?tab=points',
      data: {
        thing1: { value: '消费积分到账' },
        number2: { value: '120' },
        time3: { value: '2026-11-22 15:01' },
      },
      status: 'delivered',
      errcode: 0,
      errmsg: 'ok',
      at: T0,
      invocationId: 'inv-1',
      meta: { miniprogramState: 'developer', lang: 'zh_CN' },
    });
  });

  it('spends one credit per send: two sends with one credit → the second answers 43101', async () => {
    api.grantSubscription(MEMBER, [TPL], T0);
    expect((await send()).errcode).toBe(0);
    const second = await send();
    expect(second.errcode).toBe(43101);
    expect(second.errmsg).toMatch(/^user refuse to accept the msg rid: inv-1$/);
    expect(api.outbox.list().map((m) => [m.status, m.errcode])).toEqual([
      ['delivered', 0],
      ['rejected', 43101],
    ]);
  });

  it('answers 43101 without any credit, and a credit of another template does not count', async () => {
    api.grantSubscription(MEMBER, ['TPL_OTHER'], T0);
    expect((await send()).errcode).toBe(43101);
    expect(api.listCredits(MEMBER)).toHaveLength(1);
  });

  it('accumulates credits from several accepts and spends the oldest first', async () => {
    const [first] = api.grantSubscription(MEMBER, [TPL], T0 - 2000);
    api.grantSubscription(MEMBER, [TPL, 'TPL_BIRTHDAY_GREETING'], T0 - 1000);
    expect(api.listCredits(MEMBER)).toHaveLength(3);
    await send();
    const all = api.listCredits(MEMBER, { includeConsumed: true });
    const spent = all.find((c) => c.id === first.id)!;
    expect(spent.consumedAt).toBe(T0);
    expect(spent.outboxId).toBe(api.outbox.list()[0].id);
    expect(
      api
        .listCredits(MEMBER)
        .map((c) => c.templateId)
        .sort(),
    ).toEqual(['TPL_BIRTHDAY_GREETING', TPL]);
  });

  it('counts a template once per accept even if listed twice, and allows at most 5 per accept', () => {
    expect(api.grantSubscription(MEMBER, [TPL, TPL], T0)).toHaveLength(1);
    expect(() => api.grantSubscription(MEMBER, ['a', 'b', 'c', 'd', 'e', 'f'], T0)).toThrow(
      /1\.\.5/,
    );
    expect(() => api.grantSubscription(MEMBER, [], T0)).toThrow();
  });

  it.each([[''], ['has space'], [undefined], [42], ['x'.repeat(65)], ['奥朋id']])(
    'answers 40003 for touser %j',
    async (touser) => {
      api.grantSubscription(MEMBER, [TPL], T0);
      expect((await send({ touser })).errcode).toBe(40003);
    },
  );

  it('answers 40037 for a missing template id', async () => {
    expect((await send({ template_id: '' })).errcode).toBe(40037);
  });

  it.each([['/pages/member/index'], ['pages/nope/index'], ['pages/nope/index?x=1'], [7]])(
    'answers 41030 for page %j',
    async (page) => {
      api.grantSubscription(MEMBER, [TPL], T0);
      expect((await send({ page })).errcode).toBe(41030);
    },
  );

  it('accepts a subpackage page, a page with a query and no page at all', async () => {
    api.grantSubscription(MEMBER, [TPL, TPL + '2', TPL + '3'], T0);
    expect((await send({ page: 'staff/pages/desk/index' })).errcode).toBe(0);
    expect(
      (await send({ template_id: TPL + '2', page: 'pages/index/index?from=msg&id=1' })).errcode,
    ).toBe(0);
    expect((await send({ template_id: TPL + '3', page: undefined })).errcode).toBe(0);
  });

  it('checks nothing about pages when the app pages are unknown', async () => {
    api = createOpenApiBackend({
      sqlite: new Database(':memory:'),
      clock: () => now,
      h5BaseUrl: 'http://h5.test',
    });
    api.grantSubscription(MEMBER, [TPL], T0);
    expect((await send({ page: 'pages/anything/index' })).errcode).toBe(0);
  });

  it('answers 47003 naming the field for a value breaking its keyword rule', async () => {
    api.grantSubscription(MEMBER, [TPL], T0);
    const res = await send({
      data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } },
    });
    expect(res).toEqual({
      errcode: 47003,
      errmsg: 'argument invalid! data.thing1.value invalid rid: inv-1',
    });
    expect((await send({ data: { phrase2: { value: '略略略略略略' } } })).errcode).toBe(47003);
    expect((await send({ data: { thing1: { value: '' } } })).errmsg).toMatch(
      /data\.thing1\.value is empty/,
    );
    expect((await send({ data: { title1: { value: 'x' } } })).errcode).toBe(47003);
    expect((await send({ data: {} })).errcode).toBe(47003);
    expect((await send({ data: undefined })).errcode).toBe(47003);
  });

  it('answers 47003 for an unknown miniprogram_state or lang', async () => {
    expect((await send({ miniprogram_state: 'production' })).errcode).toBe(47003);
    expect((await send({ lang: 'fr_FR' })).errcode).toBe(47003);
  });

  it('spends no credit on a rejected send and records it as rejected', async () => {
    api.grantSubscription(MEMBER, [TPL], T0);
    await send({ data: { phrase1: { value: 'done' } } });
    expect(api.listCredits(MEMBER)).toHaveLength(1);
    expect(api.outbox.list()[0]).toMatchObject({
      status: 'rejected',
      errcode: 47003,
      touser: MEMBER,
    });
    expect((await send()).errcode).toBe(0);
  });
});

describe('outbox', () => {
  it('filters by channel and touser, pages by sinceId and limit, and clears', async () => {
    api.grantSubscription(MEMBER, [TPL], T0);
    api.grantSubscription('oOther', [TPL], T0);
    await send();
    now += 1000;
    await send({ touser: 'oOther' });
    await send({ touser: 'oOther' });
    const all = api.outbox.list();
    expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id)].sort((a, b) => a - b));
    expect(api.outbox.list({ touser: 'oOther' })).toHaveLength(2);
    expect(api.outbox.list({ channel: 'serviceAccount' })).toHaveLength(0);
    expect(api.outbox.list({ channel: 'subscribe', sinceId: all[0].id }).map((m) => m.id)).toEqual([
      all[1].id,
      all[2].id,
    ]);
    expect(api.outbox.list({ limit: 1 })).toHaveLength(1);
    expect(all[1].at).toBe(T0 + 1000);
    api.outbox.clear();
    expect(api.outbox.list()).toEqual([]);
    api.grantSubscription(MEMBER, [TPL], now);
    await send();
    expect(api.outbox.list()[0].id).toBeGreaterThan(all[2].id);
  });
});

describe('unknown api', () => {
  it('answers -604100 (API not found) instead of throwing', async () => {
    const res = await api.call('uniformMessage.send', {}, ctx);
    expect(res).toMatchObject({ errcode: -604100 });
    expect((res as { errmsg: string }).errmsg).toMatch(/API not found/);
  });
});
