import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenApiBackend, type EmulatorOpenApi } from './index';

const T0 = Date.UTC(2026, 10, 22, 7, 0, 0);
let now: number;
let api: EmulatorOpenApi;
let ids: number;

beforeEach(() => {
  now = T0;
  ids = 0;
  api = createOpenApiBackend({
    sqlite: new Database(':memory:'),
    clock: () => now,
    h5BaseUrl: 'http://h5.test',
    appid: 'wxMiniApp',
    newId: () => `n${++ids}`,
  });
});

const redeem = (code: unknown, appid?: string) =>
  api.call('phonenumber.getPhoneNumber', { code }, { invocationId: 'inv-p', appid }) as Promise<
    Record<string, unknown>
  >;

describe('phonenumber.getPhoneNumber', () => {
  it('resolves a dev code to its phone in WeChat’s shape', async () => {
    await expect(redeem('dev_13800138000_a1', 'wxCaller')).resolves.toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { timestamp: Math.floor(T0 / 1000), appid: 'wxCaller' },
      },
    });
  });

  it('uses the configured appid in the watermark when the call carries none', async () => {
    const res = await redeem('dev_13900139000');
    expect((res.phone_info as { watermark: { appid: string } }).watermark.appid).toBe('wxMiniApp');
  });

  it('works once: reuse answers 40029 invalid code', async () => {
    expect((await redeem('dev_13800138000_a1')).errcode).toBe(0);
    expect(await redeem('dev_13800138000_a1')).toEqual({
      errcode: 40029,
      errmsg: 'invalid code rid: inv-p',
    });
    expect((await redeem('dev_13800138000_a2')).errcode).toBe(0);
  });

  it.each([
    ['13800138000'],
    ['dev_1380013800'],
    ['dev_138001380001'],
    ['dev_12800138000'],
    ['dev_13800138000_'],
    ['dev_13800138000_a-1'],
    ['e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144'],
    [''],
    [undefined],
    [13800138000],
  ])('answers 40029 for the malformed code %j', async (code) => {
    expect((await redeem(code)).errcode).toBe(40029);
  });

  it('issues fresh codes that expire 5 minutes after issue', async () => {
    const code = api.issuePhoneCode('13700137000');
    expect(code).toBe('dev_13700137000_n1');
    const late = api.issuePhoneCode('13700137000');
    now += 5 * 60 * 1000;
    expect((await redeem(code)).errcode).toBe(0); // exactly 5 minutes: still valid
    now += 1;
    expect((await redeem(late)).errcode).toBe(40029);
  });

  it('refuses to issue for a non-mainland number or twice the same code', () => {
    expect(() => api.issuePhoneCode('+8613700137000')).toThrow();
    const fixed = createOpenApiBackend({
      sqlite: new Database(':memory:'),
      clock: () => now,
      h5BaseUrl: 'x',
      newId: () => 'same',
    });
    fixed.issuePhoneCode('13700137000');
    expect(() => fixed.issuePhoneCode('13700137000')).toThrow(/already issued/);
  });
});
