/**
 * Which members a clock-driven trigger concerns tonight, as data: a range of one indexed
 * member field, plus conditions the page must also meet, and the occurrence each member
 * stands for (the run key's last part, so one silence, one signup, one tag gained, one
 * birthday runs once however many nights see it).
 *
 * Each window reaches back `CATCH_UP_DAYS` beyond its day, so a night the timer did not run
 * (an outage) is made good the next night; the run key keeps it at once.
 *
 *   noPurchaseFor D   stats.lastOrderAt in the Shanghai day D days ago (and the 2 before)
 *   noFirstOrder H    createdAt at least H hours ago (and up to 2 days more), no order yet
 *   tagEntered t      tagChangedAt in the last 3 days, holding t with `since` in that range
 *   birthday N        birthdayDueAt on the day N days ahead (and the 2 before)
 * Triggers driven by events (purchase, points, member day) have no window here;
 * `couponExpiring` walks the coupons instead (`couponWindow`).
 */
import {
  DAY_MS,
  endOfShanghaiDay,
  shanghaiDate,
  shanghaiParts,
  startOfShanghaiDay,
} from '../calendar';
import type { MemberTags } from '../tags/decide';
import type { Trigger } from './definitions';

export const CATCH_UP_DAYS = 2;
const HOUR_MS = 3_600_000;

export type MemberWindow = {
  field: 'stats.lastOrderAt' | 'createdAt' | 'tagChangedAt' | 'birthdayDueAt';
  /** inclusive bounds */
  from: number;
  upTo: number;
  /** also required of each member */
  require: { noOrders?: true; tagKey?: string };
};

export type WindowMember = {
  stats?: { lastOrderAt: number | null; orderCount: number };
  createdAt: number;
  tags?: MemberTags;
  birthdayDueAt?: number | null;
};

/** The member window of a clock trigger tonight, or null for an event trigger. */
export function triggerWindow(trigger: Trigger, now: number): MemberWindow | null {
  const today = startOfShanghaiDay(now);
  switch (trigger.kind) {
    case 'noPurchaseFor': {
      const day = today - trigger.days * DAY_MS;
      return {
        field: 'stats.lastOrderAt',
        from: day - CATCH_UP_DAYS * DAY_MS,
        upTo: day + DAY_MS - 1,
        require: {},
      };
    }
    case 'noFirstOrder': {
      const upTo = now - trigger.hours * HOUR_MS;
      return {
        field: 'createdAt',
        from: upTo - CATCH_UP_DAYS * DAY_MS,
        upTo,
        require: { noOrders: true },
      };
    }
    case 'tagEntered':
      return {
        field: 'tagChangedAt',
        from: today - CATCH_UP_DAYS * DAY_MS,
        upTo: now,
        require: { tagKey: trigger.tag },
      };
    case 'birthday': {
      const day = today + trigger.daysBefore * DAY_MS;
      return {
        field: 'birthdayDueAt',
        from: day - CATCH_UP_DAYS * DAY_MS,
        upTo: day + DAY_MS - 1,
        require: {},
      };
    }
    default:
      return null;
  }
}

/**
 * The occurrence a member of the window stands for, or null when the member does not
 * really meet the trigger (bought since, tag gained outside the window, no longer held).
 */
export function occurrenceOf(
  trigger: Trigger,
  member: WindowMember,
  window: MemberWindow,
): { id: string; at: number } | null {
  const inWindow = (t: number | null | undefined): t is number =>
    typeof t === 'number' && t >= window.from && t <= window.upTo;
  switch (trigger.kind) {
    case 'noPurchaseFor': {
      const at = member.stats?.lastOrderAt;
      return inWindow(at) ? { id: shanghaiDate(at), at } : null;
    }
    case 'noFirstOrder':
      return inWindow(member.createdAt) && (member.stats?.orderCount ?? 0) === 0
        ? { id: 'signup', at: member.createdAt }
        : null;
    case 'tagEntered': {
      const [family, value] = trigger.tag.split(':');
      const held = member.tags?.[family];
      return held?.value === value && held.since >= window.from
        ? { id: shanghaiDate(held.since), at: held.since }
        : null;
    }
    case 'birthday': {
      const at = member.birthdayDueAt;
      return inWindow(at) ? { id: String(shanghaiParts(at).year), at } : null;
    }
    default:
      return null;
  }
}

/**
 * couponExpiring N: unused coupons whose validity ends on the Shanghai day N days ahead, or
 * up to 2 days sooner (a missed night, or a coupon issued inside the N days): each coupon is
 * its own occurrence (its id), so it is mentioned once.
 */
export function couponWindow(trigger: Trigger, now: number): { from: number; upTo: number } | null {
  if (trigger.kind !== 'couponExpiring') return null;
  const day = startOfShanghaiDay(now) + trigger.daysBefore * DAY_MS;
  return { from: Math.max(now, day - CATCH_UP_DAYS * DAY_MS), upTo: endOfShanghaiDay(day) };
}
