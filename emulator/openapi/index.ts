/**
 * WeChat open-API stand-ins of the emulator. The tcb endpoint decodes the SDK's
 * `cloud.openapi.X.Y(params)` requests into `call('X.Y', snake_case data, ctx)`; this
 * module answers the way WeChat does: JSON `{ errcode: 0, errmsg: 'ok', ... }` on success,
 * `{ errcode, errmsg }` on failure (returned, not thrown: the SDK turns a non-zero
 * errcode into the CloudSDKError the caller catches), or an image `{ contentType, buffer }`.
 *
 * Effects that reach people are recorded, never sent: member subscribe messages and clerk
 * service-account template messages land in the outbox; one-time subscription credits,
 * phone codes and service-account tokens/followers live beside it in the emulator's
 * SQLite file (tables `emulator_openapi_*`).
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { LOCAL_APPID } from '../config';
import type { OpenApiBackend, OpenApiImage } from '../tcb/types';
import { createOutbox, type Outbox } from './outbox';
import { createPhoneCodes, type PhoneCodes } from './phoneNumber';
import {
  createServiceAccount,
  type ServiceAccount,
  type ServiceAccountUser,
} from './serviceAccount';
import { sendSubscribeMessage } from './subscribeMessage';
import { createSubscriptionCredits, type SubscriptionCredit } from './subscriptions';
import { getUnlimited } from './wxacode';
import { wxError } from './wxError';

export type { OutboxChannel, OutboxMessage, OutboxQuery, OutboxStatus, Outbox } from './outbox';
export type { SubscriptionCredit } from './subscriptions';
export type { ServiceAccount, ServiceAccountUser } from './serviceAccount';
export type { ArmedFailure, InjectedFailure, ServiceAccountControl } from './serviceAccountControl';
export { createWechatHttpHandler } from './wechatHttp';
export { wxacodeTarget } from './wxacode';
export type { OpenApiBackend, OpenApiImage } from '../tcb/types';

export interface OpenApiOptions {
  /** The emulator's database (shared; this module only touches `emulator_openapi_*` tables). */
  sqlite: Database;
  /** Epoch ms; the emulator's movable clock. */
  clock: () => number;
  /** Where the H5 build is served; QR codes lead to `${h5BaseUrl}/#/${page}?scene=…`. */
  h5BaseUrl: string;
  /** The app's pages (app.json order, subpackage pages with their root); others answer 41030. */
  appPages?: string[];
  /** Mini-program appid for watermarks when the call carries none. Default: LOCAL_APPID. */
  appid?: string;
  /** Service-account credentials stable_token accepts; any non-empty pair when omitted. */
  serviceAccount?: { appid: string; secret: string };
  /** Random part of ids (tokens, issued phone-code nonces); injectable for tests. */
  newId?: () => string;
}

export interface EmulatorOpenApi extends OpenApiBackend {
  outbox: Pick<Outbox, 'list' | 'clear'>;
  /** Stand-in for the user accepting `wx.requestSubscribeMessage`: one credit per template (1–5 ids). */
  grantSubscription(
    openid: string,
    templateIds: readonly string[],
    acceptedAt: number,
  ): SubscriptionCredit[];
  /** Unspent credits of a user, oldest first (all of them with includeConsumed). */
  listCredits(openid: string, options?: { includeConsumed?: boolean }): SubscriptionCredit[];
  /** Stand-in for `<Button openType='getPhoneNumber'>`: a fresh single-use code for `phone`, valid 5 min. */
  issuePhoneCode(phone: string): string;
  /** Seeds a follower of the service account (a clerk), linked to the mini-program by unionid. */
  linkServiceAccountUser(user: ServiceAccountUser): void;
  /** The service-account HTTP API state; serve it with `createWechatHttpHandler(backend)`. */
  serviceAccount: ServiceAccount;
}

export function createOpenApiBackend(options: OpenApiOptions): EmulatorOpenApi {
  const { sqlite, clock } = options;
  const newId = options.newId ?? (() => randomBytes(6).toString('hex'));
  const outbox = createOutbox(sqlite, clock);
  const credits = createSubscriptionCredits(sqlite);
  const phoneCodes: PhoneCodes = createPhoneCodes(sqlite, clock);
  const serviceAccount = createServiceAccount({
    sqlite,
    outbox,
    clock,
    credentials: options.serviceAccount,
    appPages: options.appPages,
    newToken: options.newId,
  });

  async function call(
    api: string,
    data: Record<string, unknown>,
    ctx: { invocationId: string; appid?: string },
  ): Promise<Record<string, unknown> | OpenApiImage> {
    switch (api) {
      case 'subscribeMessage.send':
        return sendSubscribeMessage(
          { sqlite, outbox, credits, clock, appPages: options.appPages },
          data,
          ctx,
        );
      case 'wxacode.getUnlimited':
        return getUnlimited(
          { h5BaseUrl: options.h5BaseUrl, appPages: options.appPages },
          data,
          ctx,
        );
      case 'phonenumber.getPhoneNumber':
        return phoneCodes.redeem(
          data.code,
          ctx.appid || options.appid || LOCAL_APPID,
          ctx.invocationId,
        );
      default:
        return wxError(-604100, `API not found: ${api} is not emulated`, ctx.invocationId);
    }
  }

  return {
    call,
    outbox: { list: outbox.list, clear: outbox.clear },
    grantSubscription: (openid, templateIds, acceptedAt) =>
      credits.grant(openid, templateIds, acceptedAt),
    listCredits: (openid, listOptions) => credits.list(openid, listOptions),
    issuePhoneCode: (phone) =>
      phoneCodes.issue(
        phone,
        newId()
          .replace(/[^A-Za-z0-9]/g, '')
          .slice(0, 32) || 'x',
      ),
    linkServiceAccountUser: (user) => serviceAccount.linkUser(user),
    serviceAccount,
  };
}
