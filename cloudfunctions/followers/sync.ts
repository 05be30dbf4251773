/**
 * Follower sync of the service account: `serviceFollowers/<unionid>` {openid, subscribed,
 * syncedAt} from WeChat's follower list, so a staff reminder finds the clerk's
 * service-account OPENID by the UNIONID recorded at binding (no per-send lookup).
 *
 * A pass walks `cgi-bin/user/get` (up to 10,000 openids a page, `next_openid` cursor) and
 * asks `user/info/batchget` for 100 at a time; per 100 it reads the stored followers (one
 * `_id in` query), touches the unchanged ones in one multi-document update and writes only
 * new or changed ones. Progress — the page's `next_openid` and how many of it are done — is
 * saved in `jobRuns/followerSync` after every 100, so a run stopped by its deadline or
 * killed resumes where it was (a repeated chunk writes the same values again). At the end
 * of a pass, followers it did not see (syncedAt before the pass began) are marked
 * unsubscribed. A finished pass is repeated after PASS_INTERVAL_MS.
 */
import type { Ctx } from '../_shared/runtime';
import { getById } from '../_shared/db';
import { logEvent } from '../_shared/log';
import type { ServiceFollowerDoc } from '../_shared/repos/serviceFollowers';
import { callServiceApi } from '../_shared/serviceAccount/api';

export const SYNC_ID = 'followerSync';
export const PASS_INTERVAL_MS = 50 * 60_000;
const CHUNK = 100;

type SyncDoc = {
  _id: string;
  passStartedAt: number;
  /** the next_openid the current page is fetched with ('' for the first page) */
  pageFrom: string;
  /** followers of that page done */
  offset: number;
  done: boolean;
  finishedAt: number | null;
};

export type FollowerSyncResult = {
  pages: number;
  followers: number;
  written: number;
  unsubscribed: number;
  /** false: stopped by the deadline (or an error), resumed by the next run */
  complete: boolean;
  skipped?: 'recent';
  error?: string;
};

type UserInfo = { openid?: unknown; unionid?: unknown; subscribe?: unknown };

export async function syncFollowers(ctx: Ctx, deadline: number): Promise<FollowerSyncResult> {
  const { db } = ctx;
  const _ = db.command;
  const result: FollowerSyncResult = {
    pages: 0,
    followers: 0,
    written: 0,
    unsubscribed: 0,
    complete: false,
  };
  const saved = await getById<SyncDoc>(db, 'jobRuns', SYNC_ID);
  const started = Date.now();
  if (saved?.done && started - (saved.finishedAt ?? 0) < PASS_INTERVAL_MS)
    return { ...result, complete: true, skipped: 'recent' };
  let state: SyncDoc =
    saved && !saved.done
      ? saved
      : {
          _id: SYNC_ID,
          passStartedAt: started,
          pageFrom: '',
          offset: 0,
          done: false,
          finishedAt: null,
        };
  const save = () => {
    const { _id, ...data } = state;
    return db.collection('jobRuns').doc(_id).set({ data });
  };
  const stop = (error?: string) => {
    if (error) logEvent('followers.syncFailed', { error });
    return { ...result, ...(error ? { error } : {}) };
  };

  for (;;) {
    if (performance.now() > deadline) return stop();
    const page = await callServiceApi(ctx, 'user/get', {
      method: 'GET',
      query: { next_openid: state.pageFrom },
    });
    if (page.kind !== 'ok') return stop(`user/get: ${describe(page)}`);
    result.pages += 1;
    const body = page.body ?? {};
    const openids = ((body.data as { openid?: unknown } | undefined)?.openid ?? []) as string[];
    const next = typeof body.next_openid === 'string' ? body.next_openid : '';
    if (openids.length === 0) break;
    for (let i = state.offset; i < openids.length; i += CHUNK) {
      if (performance.now() > deadline) return stop();
      const chunk = openids.slice(i, i + CHUNK);
      const info = await callServiceApi(ctx, 'user/info/batchget', {
        method: 'POST',
        body: { user_list: chunk.map((openid) => ({ openid, lang: 'zh_CN' })) },
      });
      if (info.kind !== 'ok') return stop(`batchget: ${describe(info)}`);
      const users = ((info.body?.user_info_list ?? []) as UserInfo[]).filter(
        (u) => typeof u.unionid === 'string' && u.unionid !== '' && typeof u.openid === 'string',
      );
      result.written += await storeFollowers(ctx, users, Date.now());
      result.followers += chunk.length;
      state = { ...state, offset: i + chunk.length };
      await save();
    }
    if (!next) break;
    state = { ...state, pageFrom: next, offset: 0 };
    await save();
  }
  const swept = await db
    .collection('serviceFollowers')
    .where({ subscribed: true, syncedAt: _.lt(state.passStartedAt) })
    .update({ data: { subscribed: false, syncedAt: Date.now() } });
  result.unsubscribed = swept.stats.updated;
  state = { ...state, done: true, finishedAt: Date.now() };
  await save();
  logEvent('followers.synced', { ...result, complete: true });
  return { ...result, complete: true };
}

/** One chunk: read what is stored, touch the unchanged, write the rest; answers how many were written. */
async function storeFollowers(ctx: Ctx, users: UserInfo[], now: number): Promise<number> {
  if (users.length === 0) return 0;
  const { db } = ctx;
  const _ = db.command;
  const ids = users.map((u) => String(u.unionid));
  const stored = new Map(
    (
      (
        await db
          .collection('serviceFollowers')
          .where({ _id: _.in(ids) })
          .limit(ids.length)
          .get()
      ).data as ServiceFollowerDoc[]
    ).map((f) => [f._id, f]),
  );
  const unchanged: string[] = [];
  const changed: ServiceFollowerDoc[] = [];
  for (const u of users) {
    const doc: ServiceFollowerDoc = {
      _id: String(u.unionid),
      openid: String(u.openid),
      subscribed: Number(u.subscribe) === 1,
      syncedAt: now,
    };
    const old = stored.get(doc._id);
    if (old && old.openid === doc.openid && old.subscribed === doc.subscribed)
      unchanged.push(doc._id);
    else changed.push(doc);
  }
  if (unchanged.length)
    await db
      .collection('serviceFollowers')
      .where({ _id: _.in(unchanged) })
      .update({ data: { syncedAt: now } });
  for (const { _id, ...data } of changed)
    await db.collection('serviceFollowers').doc(_id).set({ data });
  return changed.length;
}

function describe(answer: { kind: string } & Record<string, unknown>): string {
  if (answer.kind === 'wechat') return `errcode ${String(answer.errcode)} ${String(answer.errmsg)}`;
  if (answer.kind === 'http') return `HTTP ${String(answer.status)}`;
  return String(answer.message ?? answer.kind);
}
