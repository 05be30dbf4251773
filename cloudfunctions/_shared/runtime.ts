/**
 * Wires the real wx-server-sdk once per warm instance. A handler receives `Ctx`: the
 * caller's WeChat identity, the request time, the database and the open APIs — nothing
 * else reaches into globals, so handlers stay testable and clocks stay explicit.
 */
import * as cloud from 'wx-server-sdk';
import { randomBytes, randomInt } from 'node:crypto';
import type { Database } from './db';
import { loadConfig, type FunctionConfig } from './config';

export type Identity = {
  openid: string;
  appid: string;
  unionid: string;
  /** wx_client, wx_trigger (timers), wx_http, scf … */
  source: string;
};

export type Ctx = {
  identity: Identity;
  /** request time, epoch ms */
  now: number;
  db: Database;
  /** cloud.openapi: WeChat open APIs (subscribeMessage, wxacode, phonenumber …) */
  openapi: typeof cloud.openapi;
  config: FunctionConfig;
  ids: IdSource;
};

export type IdSource = {
  /** 32 hex chars, like CloudBase's own ids */
  docId(): string;
  /** a random integer in [min, max) */
  int(min: number, max: number): number;
  /** n random chars of [0-9A-Z] */
  token(n: number): string;
};

export const ids: IdSource = {
  docId: () => randomBytes(16).toString('hex'),
  int: (min, max) => randomInt(min, max),
  token: (n) => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[randomInt(0, alphabet.length)];
    return out;
  },
};

let db: Database | null = null;

function database(): Database {
  if (!db) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    db = cloud.database() as unknown as Database;
  }
  return db;
}

export function createCtx(): Ctx {
  const database_ = database();
  const wx = cloud.getWXContext() as Record<string, unknown>;
  return {
    identity: {
      openid: String(wx.OPENID ?? ''),
      appid: String(wx.APPID ?? ''),
      unionid: String(wx.UNIONID ?? ''),
      source: String(wx.SOURCE ?? ''),
    },
    now: Date.now(),
    db: database_,
    openapi: cloud.openapi,
    config: loadConfig(),
    ids,
  };
}
