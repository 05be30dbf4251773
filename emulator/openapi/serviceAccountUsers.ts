/**
 * The service account's follower list, as WeChat answers it:
 *
 *   GET  /cgi-bin/user/get?access_token=&next_openid=   → { total, count, data: { openid: [] }, next_openid }
 *   POST /cgi-bin/user/info/batchget?access_token=      { user_list: [{ openid, lang? }] } (≤ 100)
 *                                                       → { user_info_list: [{ subscribe, openid, unionid, … }] }
 *
 * `user/get` lists current followers in the order they followed, up to 10,000 per page
 * (`followerPageSize` lowers it for tests); `next_openid` is the last openid of the page,
 * and the page after the last answers `count: 0, next_openid: ''` without `data`. An
 * unknown `next_openid` is 40003. `batchget` refuses an empty or over-long list (40032)
 * and any openid the account does not know (40003); an unfollowed user answers
 * `subscribe: 0` with its openid and unionid only, like `user/info`.
 */
import type { Database } from 'better-sqlite3';
import { isOpenid } from './openid';
import { wxError, type WxJson } from './wxError';

export const FOLLOWER_PAGE_MAX = 10_000;
export const BATCHGET_MAX = 100;

/** A row of `emulator_openapi_service_users` (created by serviceAccount.ts). */
export interface UserRow {
  service_openid: string;
  unionid: string;
  subscribed: number;
  linked_at: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What `user/info` and `batchget` answer for one user. */
export function userInfoOf(user: UserRow): Record<string, unknown> {
  if (user.subscribed !== 1)
    return { subscribe: 0, openid: user.service_openid, unionid: user.unionid, tagid_list: [] };
  return {
    subscribe: 1,
    openid: user.service_openid,
    language: 'zh_CN',
    subscribe_time: Math.floor(user.linked_at / 1000),
    unionid: user.unionid,
    remark: '',
    groupid: 0,
    tagid_list: [],
    subscribe_scene: 'ADD_SCENE_QR_CODE',
    qr_scene: 0,
    qr_scene_str: '',
  };
}

export function createFollowerList(sqlite: Database, pageSize: () => number) {
  const byOpenid = sqlite.prepare<[string], UserRow & { rowid: number }>(
    'SELECT rowid, * FROM emulator_openapi_service_users WHERE service_openid = ?',
  );
  const total = sqlite.prepare<[], { n: number }>(
    'SELECT COUNT(*) AS n FROM emulator_openapi_service_users WHERE subscribed = 1',
  );
  const after = sqlite.prepare<[number, number], UserRow & { rowid: number }>(
    'SELECT rowid, * FROM emulator_openapi_service_users WHERE subscribed = 1 AND rowid > ? ORDER BY rowid LIMIT ?',
  );

  return {
    list(nextOpenid: string | undefined): WxJson | Record<string, unknown> {
      let from = 0;
      if (nextOpenid) {
        const row = isOpenid(nextOpenid) ? byOpenid.get(nextOpenid) : undefined;
        if (!row) return wxError(40003, 'invalid next_openid');
        from = row.rowid;
      }
      const rows = after.all(from, Math.min(FOLLOWER_PAGE_MAX, Math.max(1, pageSize())));
      const count = rows.length;
      if (count === 0) return { total: total.get()!.n, count: 0, next_openid: '' };
      return {
        total: total.get()!.n,
        count,
        data: { openid: rows.map((r) => r.service_openid) },
        next_openid: rows[count - 1].service_openid,
      };
    },

    batchget(body: unknown): WxJson | Record<string, unknown> {
      if (!isRecord(body) || !Array.isArray(body.user_list))
        return wxError(47001, 'data format error');
      const list = body.user_list as unknown[];
      if (list.length === 0 || list.length > BATCHGET_MAX)
        return wxError(40032, 'invalid openid list size');
      const infos: Record<string, unknown>[] = [];
      for (const entry of list) {
        const openid = isRecord(entry) ? entry.openid : undefined;
        const row = isOpenid(openid) ? byOpenid.get(openid) : undefined;
        if (!row) return wxError(40003, 'invalid openid');
        infos.push(userInfoOf(row));
      }
      return { user_info_list: infos };
    },
  };
}
