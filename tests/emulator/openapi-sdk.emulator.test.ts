/**
 * The open-API stand-ins through the real wx-server-sdk: `cloud.openapi.*` → tcb endpoint
 * (protobuf) → emulator/openapi → back through the SDK's own response conversion. Pins what
 * a cloud function actually receives: camelCase keys, errCode/errMsg added, WeChat errors
 * thrown as CloudSDKError with the errcode, images as `{ contentType, buffer }`.
 */
import Database from 'better-sqlite3';
import QRCode from 'qrcode';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenApiBackend, type EmulatorOpenApi } from '../../emulator/openapi';
import { startTcbServer, type TcbTestServer } from '../../emulator/tcb/testServer';

const { PNG } = require('pngjs') as {
  PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } };
};

const T0 = Date.UTC(2026, 10, 22, 7, 0, 0);
const MEMBER = 'oMember_sdk_000000000000001';
const TPL = 'TPL_POINTS_CHANGED';
const H5 = 'http://127.0.0.1:4100';

type SdkError = { errCode: number; errMsg: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cloud = any;

describe('cloud.openapi through the real SDK', () => {
  let server: TcbTestServer;
  let api: EmulatorOpenApi;
  let cloud: Cloud;
  let now = T0;
  const saved = { ...process.env };

  beforeAll(async () => {
    api = createOpenApiBackend({
      sqlite: new Database(':memory:'),
      clock: () => now,
      h5BaseUrl: H5,
      appPages: ['pages/index/index', 'pages/member/index', 'pages/store/index'],
      appid: 'wxSdkTest',
    });
    server = await startTcbServer({
      database: {
        handle: async (action) => ({ code: 'INVALID_ACTION', message: `${action} not used here` }),
      },
      openApi: api,
    });
    Object.assign(process.env, {
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: server.urlFor('inv-sdk-1') }),
      TENCENTCLOUD_SECRETID: 'emulator',
      TENCENTCLOUD_SECRETKEY: 'emulator',
      TENCENTCLOUD_SESSIONTOKEN: 'emulator',
      TCB_ENV: 'local',
      SCF_NAMESPACE: 'local',
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      SILENCE: 'true',
    });
    cloud = require('wx-server-sdk');
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  });

  afterAll(async () => {
    await server?.close();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  beforeEach(() => {
    now = T0;
  });

  const sendPoints = (overrides: Record<string, unknown> = {}) =>
    cloud.openapi.subscribeMessage.send({
      touser: MEMBER,
      templateId: TPL,
      page: 'pages/member/index?tab=points',
      miniprogramState: 'developer',
      data: {
        thing1: { value: '消费积分到账' },
        number2: { value: 120 },
        time3: { value: '2026-11-22 15:01' },
      },
      ...overrides,
    });

  const rejection = async (p: Promise<unknown>): Promise<SdkError> => {
    try {
      await p;
    } catch (e) {
      return e as SdkError;
    }
    throw new Error('expected the SDK call to throw');
  };

  describe('subscribeMessage.send', () => {
    it('resolves { errMsg, errCode: 0 } and lands in the outbox with snake_case params decoded', async () => {
      api.grantSubscription(MEMBER, [TPL], T0);
      await expect(sendPoints()).resolves.toEqual({
        errMsg: 'openapi.subscribeMessage.send:ok',
        errCode: 0,
      });
      expect(api.outbox.list({ touser: MEMBER }).at(-1)).toMatchObject({
        channel: 'subscribe',
        templateId: TPL,
        page: 'pages/member/index?tab=points',
        data: { thing1: { value: '消费积分到账' }, number2: { value: 120 } },
        status: 'delivered',
        invocationId: 'inv-sdk-1',
        meta: { miniprogramState: 'developer' },
      });
    });

    it('throws errCode 43101 when the one-time credit is used up', async () => {
      api.grantSubscription(MEMBER, [TPL], T0);
      await sendPoints();
      const e = await rejection(sendPoints());
      expect(e.errCode).toBe(43101);
      expect(e.errMsg).toBe(
        'openapi.subscribeMessage.send:fail user refuse to accept the msg rid: inv-sdk-1',
      );
    });

    it('throws 47003 / 40003 / 41030 for bad data, touser and page', async () => {
      api.grantSubscription(MEMBER, [TPL], T0);
      expect(
        (await rejection(sendPoints({ data: { phrase1: { value: '略略略略略略' } } }))).errCode,
      ).toBe(47003);
      expect((await rejection(sendPoints({ touser: '' }))).errCode).toBe(40003);
      expect((await rejection(sendPoints({ page: '/pages/member/index' }))).errCode).toBe(41030);
      expect(api.listCredits(MEMBER)).toHaveLength(1);
    });
  });

  describe('wxacode.getUnlimited', () => {
    it('resolves { contentType: "image/png", buffer } with a QR of the H5 page', async () => {
      const res = await cloud.openapi.wxacode.getUnlimited({
        scene: 's=ST001',
        page: 'pages/store/index',
        width: 300,
        checkPath: true,
      });
      expect(Object.keys(res).sort()).toEqual(['buffer', 'contentType', 'errCode', 'errMsg']);
      expect(res).toMatchObject({
        contentType: 'image/png',
        errCode: 0,
        errMsg: 'openapi.wxacode.getUnlimited:ok',
      });
      expect(Buffer.isBuffer(res.buffer)).toBe(true);
      const img = PNG.sync.read(res.buffer);
      expect([img.width, img.height]).toEqual([300, 300]);
      const direct = await QRCode.toBuffer(
        `${H5}/#/pages/store/index?scene=${encodeURIComponent('s=ST001')}`,
        {
          type: 'png',
          width: 300,
          margin: 2,
          errorCorrectionLevel: 'M',
        },
      );
      // the same picture, pixel for pixel (the bytes differ with the PNG row filter)
      expect(img.data.equals(PNG.sync.read(direct).data)).toBe(true);
    });

    it('throws 40169 for an over-long scene and 41030 for an unknown page', async () => {
      expect(
        (await rejection(cloud.openapi.wxacode.getUnlimited({ scene: 'x'.repeat(33) }))).errCode,
      ).toBe(40169);
      expect(
        (
          await rejection(
            cloud.openapi.wxacode.getUnlimited({ scene: 'a', page: 'pages/nope/index' }),
          )
        ).errCode,
      ).toBe(41030);
    });
  });

  describe('phonenumber.getPhoneNumber', () => {
    it('resolves phoneInfo (camelCase, as the SDK converts phone_info)', async () => {
      const res = await cloud.openapi.phonenumber.getPhoneNumber({ code: 'dev_13800138000_sdk1' });
      expect(res).toEqual({
        phoneInfo: {
          phoneNumber: '13800138000',
          purePhoneNumber: '13800138000',
          countryCode: '86',
          watermark: { timestamp: Math.floor(T0 / 1000), appid: 'wxSdkTest' },
        },
        errMsg: 'openapi.phonenumber.getPhoneNumber:ok',
        errCode: 0,
      });
    });

    it('throws 40029 for a reused code and for a malformed one', async () => {
      await cloud.openapi.phonenumber.getPhoneNumber({ code: 'dev_13800138000_sdk2' });
      const reused = await rejection(
        cloud.openapi.phonenumber.getPhoneNumber({ code: 'dev_13800138000_sdk2' }),
      );
      expect(reused).toMatchObject({
        errCode: 40029,
        errMsg: 'openapi.phonenumber.getPhoneNumber:fail invalid code rid: inv-sdk-1',
      });
      expect(
        (await rejection(cloud.openapi.phonenumber.getPhoneNumber({ code: 'abc' }))).errCode,
      ).toBe(40029);
    });
  });

  it('throws -604100 for an api the emulator does not know', async () => {
    expect((await rejection(cloud.openapi.uniformMessage.send({ touser: MEMBER }))).errCode).toBe(
      -604100,
    );
  });
});
