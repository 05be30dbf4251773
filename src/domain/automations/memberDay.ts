/**
 * 会员日 (member day): HQ sets a day of the month (1–28, so every month has it) and how many
 * days before it the preview goes out. The preview for one member day is due from the start
 * of its preview day until the member day begins (a preview that could not finish on its
 * day, or a timer that did not run, goes on the next day while there is one — with
 * `daysBefore` 0, during the member day itself). The occurrence is the member day's month
 * (`yyyy-mm`), so each member gets one preview, one coupon per member day.
 *
 * @example memberDayOccurrence({ kind: 'memberDay', dayOfMonth: 18, daysBefore: 1 }, shanghaiTime(2027, 6, 17, 9))
 *          // { id: '2027-06', at: shanghaiTime(2027, 6, 18), until: shanghaiTime(2027, 6, 18) - 1 }
 */
import { DAY_MS, endOfShanghaiDay, shanghaiMonth, shanghaiParts, shanghaiTime } from '../calendar';
import type { Trigger } from './definitions';

export type MemberDayOccurrence = {
  /** the member day's month, 'yyyy-mm' */
  id: string;
  /** midnight Shanghai of the member day */
  at: number;
  /** the last instant the preview is still given */
  until: number;
};

export function memberDayOccurrence(trigger: Trigger, now: number): MemberDayOccurrence | null {
  if (trigger.kind !== 'memberDay') return null;
  const { year, month } = shanghaiParts(now);
  // this month's member day, or next month's when its preview day falls in this month
  for (const m of [month, month + 1]) {
    const at = shanghaiTime(year, m, trigger.dayOfMonth);
    const from = at - trigger.daysBefore * DAY_MS;
    const until = trigger.daysBefore > 0 ? at - 1 : endOfShanghaiDay(at);
    if (now >= from && now <= until) return { id: shanghaiMonth(at), at, until };
  }
  return null;
}
