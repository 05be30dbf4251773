/**
 * The tcb-api endpoint as the real SDK uses it: every byte stays on 127.0.0.1, requests are
 * counted per invocation, `cloud.openapi.*` goes through the protobuf wx.openApi action, and
 * unknown actions get an error body.
 */
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenApiBackend } from '../../emulator/tcb/types';
import { pointSdkAt, startHarness, type Harness } from './support/sdk';

const calls: Array<{ api: string; data: Record<string, unknown>; invocationId: string }> = [];
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
const openApi: OpenApiBackend = {
  async call(api, data, ctx) {
    calls.push({ api, data, invocationId: ctx.invocationId });
    if (api === 'wxacode.getUnlimited') return { contentType: 'image/png', buffer: PNG };
    if (api === 'phonenumber.getPhoneNumber') {
      return {
        errcode: 0,
        errmsg: 'ok',
        phone_info: { pure_phone_number: '13800000000', country_code: '86' },
      };
    }
    if (data.touser === 'o_refused')
      return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    return { errcode: 0, errmsg: 'ok', msgid: 1 };
  },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ openApi, invocationId: 'inv-wire' });
});
afterAll(async () => {
  await h?.close({ remove: true });
});

describe('SDK environment', () => {
  it('talks only to 127.0.0.1: no DNS lookup, no metadata service, no other host', async () => {
    const hosts: string[] = [];
    const lookups: string[] = [];
    http.globalAgent.destroy(); // the SDK uses Node's keep-alive global agent: start from no open socket
    const connect = net.Socket.prototype.connect;
    const lookup = dns.lookup;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      // http calls connect([options, callback]) (normalized arguments) or connect(options)
      const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as
        | { host?: string; path?: string }
        | number;
      hosts.push(
        typeof first === 'object' && first !== null
          ? String(first.host ?? first.path)
          : String(args[1] ?? 'localhost'),
      );
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
    (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
      lookups.push(hostname);
      return (lookup as (...a: unknown[]) => void)(hostname, ...rest);
    };
    try {
      await h.db.collection('stores').add({ data: { name: 'x' } });
      await h.db.collection('stores').get();
      await h.db.runTransaction(
        async (tx: { collection(n: string): { add(o: unknown): Promise<unknown> } }) => {
          await tx.collection('stores').add({ data: { name: 'y' } });
        },
      );
      await h.cloud.openapi.subscribeMessage.send({ touser: 'o1', templateId: 'T', data: {} });
    } finally {
      net.Socket.prototype.connect = connect;
      (dns as { lookup: unknown }).lookup = lookup;
    }
    expect(hosts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(hosts)).toEqual(new Set(['127.0.0.1']));
    expect(lookups).toEqual([]);
  });

  it('counts requests per invocation id, by action', async () => {
    pointSdkAt(h.server.urlFor('inv-count'));
    try {
      await h.db.collection('stores').add({ data: { name: 'a' } });
      await h.db.collection('stores').where({ name: 'a' }).get();
      await h.db.collection('stores').where({ name: 'a' }).count();
    } finally {
      pointSdkAt(h.server.urlFor('inv-wire'));
    }
    expect(h.stats.get('inv-count')).toEqual({
      total: 3,
      byAction: {
        'database.insertDocument': 1,
        'database.getDocument': 1,
        'database.calculateDocument': 1,
      },
    });
  });

  it('answers an unknown action with an error body', async () => {
    const response = await fetch(h.server.urlFor('inv-raw'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.getUploadMetadata' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      code: 'INVALID_PARAM',
      message: expect.stringContaining('storage.getUploadMetadata'),
      requestId: expect.any(String),
    });
    expect(h.stats.get('inv-raw').byAction).toEqual({ 'storage.getUploadMetadata': 1 });
  });
});

describe('cloud.openapi through wx.openApi', () => {
  it('delivers snake_case parameters and returns the camelCase JSON answer', async () => {
    calls.length = 0;
    const result = await h.cloud.openapi.subscribeMessage.send({
      touser: 'o_member',
      templateId: 'TPL_POINTS',
      page: 'pages/card/index',
      miniprogramState: 'developer',
      data: { thing1: { value: '积分到账' }, number2: { value: 120 } },
    });
    expect(result).toEqual({ msgid: 1, errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
    expect(calls).toEqual([
      {
        api: 'subscribeMessage.send',
        invocationId: 'inv-wire',
        data: {
          touser: 'o_member',
          template_id: 'TPL_POINTS',
          page: 'pages/card/index',
          miniprogram_state: 'developer',
          data: { thing1: { value: '积分到账' }, number2: { value: 120 } },
        },
      },
    ]);
    const phone = await h.cloud.openapi.phonenumber.getPhoneNumber({ code: 'dev_code' });
    expect(phone.phoneInfo).toEqual({ purePhoneNumber: '13800000000', countryCode: '86' });
  });

  it('turns a WeChat errcode into a thrown errCode', async () => {
    const error = await h.cloud.openapi.subscribeMessage
      .send({ touser: 'o_refused', templateId: 'T', data: {} })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errCode: 43101 });
    expect(String((error as { errMsg: string }).errMsg)).toContain('user refuse to accept the msg');
  });

  it('returns an image as {contentType, buffer}', async () => {
    const qr = await h.cloud.openapi.wxacode.getUnlimited({
      scene: 's=s1',
      page: 'pages/index/index',
      width: 280,
    });
    expect(qr.contentType).toBe('image/png');
    expect(Buffer.compare(qr.buffer, PNG)).toBe(0);
    expect(qr.errCode).toBe(0);
    expect(calls.at(-1)?.data).toEqual({ scene: 's=s1', page: 'pages/index/index', width: 280 });
  });
});
