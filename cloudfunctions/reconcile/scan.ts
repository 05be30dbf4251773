/**
 * The loop every cursor scan shares: pages of documents older than the grace period, each
 * handled in turn until done or the deadline; the cursor saved after each page, and never
 * moved past a document whose handling failed (the next run tries it again).
 */
import type { Ctx } from '../_shared/runtime';
import type { Doc } from '../_shared/db';
import { logEvent } from '../_shared/log';
import { GRACE_MS } from '../_shared/recoveryPlan';
import { loadCursor, nextPage, saveCursor, type Cursor } from './cursor';

export const PAGE = 100;

export type ScanReport = { seen: number; repaired: number; failed: number; more: boolean };

export async function scan<T extends Doc & { _id: string }>(
  ctx: Ctx,
  a: {
    name: string;
    collection: string;
    /** the time field the scan follows */
    field: string;
    filter: Doc;
    deadline: () => boolean;
    /** handles one page, each document through `each` (false: stop — deadline or failure) */
    page: (
      docs: T[],
      each: (doc: T, fn: () => Promise<boolean>) => Promise<boolean>,
    ) => Promise<void>;
  },
): Promise<ScanReport> {
  const report: ScanReport = { seen: 0, repaired: 0, failed: 0, more: false };
  const horizon = ctx.now - GRACE_MS;
  let cursor: Cursor = await loadCursor(ctx.db, a.name, ctx.now);
  for (;;) {
    if (a.deadline()) {
      report.more = true;
      break;
    }
    const docs = await nextPage<T>(ctx.db, {
      collection: a.collection,
      field: a.field,
      filter: a.filter,
      cursor,
      horizon,
      limit: PAGE,
    });
    if (docs.length === 0) break;
    let stopped = false;
    const start = cursor;
    // each document: run its repair, move the cursor past it; false stops the page
    const each = async (doc: T, fn: () => Promise<boolean>): Promise<boolean> => {
      if (stopped || a.deadline()) {
        stopped = true;
        report.more = true;
        return false;
      }
      try {
        if (await fn()) report.repaired++;
      } catch (e) {
        report.failed++;
        stopped = true;
        logEvent('reconcile.failed', {
          scan: a.name,
          id: doc._id,
          error: String((e as Error)?.message ?? e),
        });
        return false;
      }
      report.seen++;
      cursor = { at: Number(doc[a.field]), id: doc._id };
      return true;
    };
    await a.page(docs, each);
    if (cursor.at !== start.at || cursor.id !== start.id)
      await saveCursor(ctx.db, a.name, cursor, ctx.now);
    if (stopped || docs.length < PAGE) break;
  }
  return report;
}
