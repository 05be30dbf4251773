/**
 * The demo chain's nightly member snapshots (domain/reports/members.ts), one per store and
 * closed day of the rollup window, as the nightly pass would have counted them that night:
 * the members who had joined by then, their statistics replayed from the seeded orders up to
 * that day, their level and computed tags as of then (the order path's rules). Clerks' own
 * tags are taken as they are now (the demo has no history of them).
 */
import { DAY_MS, parseShanghaiDate } from '../../src/domain/calendar';
import { applyOrderToStats, emptyStats, type MemberStats } from '../../src/domain/memberStats';
import { rollingSpend } from '../../src/domain/spendByMonth';
import { levelForSpend } from '../../src/domain/levels';
import { defaultSettings } from '../../src/domain/settings';
import { DEFAULT_TAG_RULES } from '../../src/domain/tags/families';
import {
  memberSnapshots,
  snapshotFamilies,
  type MemberSnapshot,
} from '../../src/domain/reports/members';
import { tagFieldsFor } from '../../cloudfunctions/_shared/memberTags';

type Doc = Record<string, unknown>;

/** date → store → snapshot, for each of `dates` (closed days, ascending) */
export function demoMemberSnapshots(
  orders: Doc[],
  members: Doc[],
  dates: readonly string[],
): Map<string, Record<string, MemberSnapshot>> {
  const families = snapshotFamilies(DEFAULT_TAG_RULES);
  const byTime = <T extends Doc>(list: T[]) =>
    [...list].sort((a, b) => Number(a.createdAt) - Number(b.createdAt));
  const pending = byTime(orders);
  const joining = byTime(members);
  const stats = new Map<string, MemberStats>();
  const joined: Doc[] = [];
  const out = new Map<string, Record<string, MemberSnapshot>>();
  let o = 0;
  let m = 0;
  for (const date of dates) {
    const end = parseShanghaiDate(date) + DAY_MS;
    for (; m < joining.length && Number(joining[m].createdAt) < end; m++) {
      joined.push(joining[m]);
      stats.set(String(joining[m]._id), emptyStats());
    }
    for (; o < pending.length && Number(pending[o].createdAt) < end; o++) {
      const order = pending[o];
      const id = String(order.memberId);
      stats.set(
        id,
        applyOrderToStats(stats.get(id) ?? emptyStats(), {
          paidFen: Number(order.paidFen),
          createdAt: Number(order.createdAt),
          storeId: String(order.storeId),
          usedCoupon: order.couponId != null,
          lines: order.lines as { category: string; amountFen: number }[],
        }),
      );
    }
    const asOf = joined.map((doc) => {
      const s = stats.get(String(doc._id)) ?? emptyStats();
      const level = levelForSpend(rollingSpend(s.spendByMonth, end), defaultSettings);
      const { tags } = tagFieldsFor(
        { _id: String(doc._id), stats: s, level, createdAt: Number(doc.createdAt) },
        DEFAULT_TAG_RULES,
        end,
      ).fields;
      return {
        homeStoreId: (doc.homeStoreId as string | null) ?? null,
        stats: s,
        tags,
        manualTags: (doc.manualTags as string[] | undefined) ?? [],
      };
    });
    out.set(date, memberSnapshots(asOf, families));
  }
  return out;
}
