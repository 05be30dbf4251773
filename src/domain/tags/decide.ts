/**
 * Deciding a member's computed tags: for each family, what the rules say now, compared
 * with what the member holds, gives the new tags, the changes (as data, for the timeline
 * and for automations) and when the tags must be looked at again.
 *
 * Each tag explains itself: the value, the reason in Chinese with the numbers
 * (「近 30 天消费 3 次」), since when it holds and which rule version set it.
 *
 * Stability (a minimum stay, not hysteresis): a value the clock alone would take away
 * (a purchase leaving a window, a night passing) is kept until it has been held
 * `minStayDays`, so the clerk's list does not churn from one night to the next. What a
 * purchase or refund changes, and what a rule change changes, takes effect at once —
 * those are real news. The decision is cause-aware for that reason:
 * `cause: 'event' | 'time' | 'rule'`.
 *
 * `reviewAt` is the earliest future instant at which the clock alone could change a tag
 * (a window edge, a day-count threshold, a month start, the end of a minimum stay); the
 * nightly job finds due members by an indexed range query on it.
 */
import { DAY_MS } from '../calendar';
import { formatFen } from '../money';
import { FIELDS, factText, factValue, paramOf, type TagSubject } from './facts';
import type { OrderedFamily, TagFamily, TagRules } from './families';
import { RFM_FIELDS, rfmScores } from './rfm';
import { compare, conditionsOf, evaluateRule, type Condition } from './rules';

export type TagState = {
  value: string;
  /** the reason in Chinese, with the numbers */
  reason: string;
  /** when the member gained this value */
  since: number;
  /** the rule version that set or last confirmed it */
  ruleVersion: number;
};
/** family key → the member's value in that family */
export type MemberTags = Record<string, TagState>;

export type TagChange = {
  family: string;
  familyName: string;
  from: string | null;
  to: string | null;
  reason: string;
};

export type TagCause = 'event' | 'time' | 'rule';

export type TagDecision = {
  tags: MemberTags;
  changes: TagChange[];
  /** null when nothing but a purchase or a rule change can change the tags */
  reviewAt: number | null;
};

type Verdict = { value: string; reason: string } | null;

function orderedVerdict(family: OrderedFamily, subject: TagSubject, now: number): Verdict {
  for (const v of family.values) {
    const outcome = evaluateRule(v.when, subject, now);
    if (outcome.matched) return { value: v.value, reason: outcome.facts.join('，') };
  }
  return null;
}

function topShareVerdict(
  family: Extract<TagFamily, { kind: 'topShare' }>,
  subject: TagSubject,
): Verdict {
  const entries = Object.entries(subject.stats.categorySpendFen).filter(([, fen]) => fen > 0);
  const total = entries.reduce((sum, [, fen]) => sum + fen, 0);
  if (total === 0 || total < family.minSpendFen) return null;
  const [category, fen] = entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const percent = Math.floor((fen * 100) / total);
  if (percent < family.minSharePercent) return null;
  return {
    value: category,
    reason: `${category}占品类消费的 ${percent}%（${formatFen(fen)} / ${formatFen(total)}）`,
  };
}

/** What the rules say of one family now. */
export function familyVerdict(family: TagFamily, subject: TagSubject, now: number): Verdict {
  switch (family.kind) {
    case 'ordered':
      return orderedVerdict(family, subject, now);
    case 'topShare':
      return topShareVerdict(family, subject);
    case 'rfm': {
      const scores = rfmScores(subject, family, now);
      return scores && { value: scores.text, reason: scores.facts.join('，') };
    }
  }
}

function timeConditions(family: TagFamily): Condition[] {
  switch (family.kind) {
    case 'ordered':
      return family.values.flatMap((v) => conditionsOf(v.when));
    case 'topShare':
      return [];
    case 'rfm':
      return [
        ...family.recencyDays.map((d) => ({ ...RFM_FIELDS.r, op: 'lte' as const, value: d })),
        ...family.frequencyOrders.map((b) => ({ ...RFM_FIELDS.f, op: 'gte' as const, value: b })),
        ...family.monetaryFen.map((b) => ({ ...RFM_FIELDS.m, op: 'gte' as const, value: b })),
      ];
  }
}

/**
 * Future instants at which the clock alone could change this family's verdict: the
 * instants at which a fact moves (a window edge, a month start, a day count reaching a
 * threshold) AND some condition on it changes outcome. An order leaving a window that
 * moves no count across a threshold is not a reason to look again, so a night (and the
 * 1st of a month, when every monthly window moves) reviews only who can change.
 */
export function familyChangesAt(family: TagFamily, subject: TagSubject, now: number): number[] {
  const byField = new Map<string, Condition[]>();
  for (const c of timeConditions(family)) {
    if (!FIELDS[c.field].changesAt) continue;
    const key = `${c.field}:${paramOf(c)}`;
    byField.set(key, [...(byField.get(key) ?? []), c]);
  }
  return [...byField.values()].flatMap((conds) => {
    const ref = conds[0];
    const thresholds = conds.flatMap((c) => (typeof c.value === 'number' ? [c.value] : []));
    const candidates = [
      ...new Set(FIELDS[ref.field].changesAt!(subject, now, paramOf(ref), thresholds)),
    ].sort((a, b) => a - b);
    const outcomes = (t: number) => {
      const value = factValue(ref, subject, t);
      return conds.map((c) => compare(c.op, value, c.value)).join();
    };
    let before = outcomes(now);
    const flips: number[] = [];
    for (const t of candidates) {
      const after = outcomes(t);
      if (after !== before) flips.push(t);
      before = after;
    }
    return flips;
  });
}

/**
 * The member's tags after a re-evaluation.
 * @example decideTags({ current: {}, subject, rules: DEFAULT_TAG_RULES, now, cause: 'event' })
 */
export function decideTags(input: {
  current: MemberTags;
  subject: TagSubject;
  rules: TagRules;
  now: number;
  cause: TagCause;
}): TagDecision {
  const { current, subject, rules, now, cause } = input;
  const tags: MemberTags = {};
  const changes: TagChange[] = [];
  const reviews: number[] = [];
  const stayMs = rules.minStayDays * DAY_MS;
  for (const family of rules.families) {
    const held = current[family.key];
    const verdict = familyVerdict(family, subject, now);
    reviews.push(...familyChangesAt(family, subject, now));
    if (held && verdict?.value === held.value) {
      tags[family.key] = { ...held, reason: verdict.reason, ruleVersion: rules.version };
      continue;
    }
    if (held && cause === 'time' && now < held.since + stayMs) {
      tags[family.key] = held; // kept for its minimum stay; looked at again when it ends
      reviews.push(held.since + stayMs);
      continue;
    }
    if (verdict) {
      tags[family.key] = { ...verdict, since: now, ruleVersion: rules.version };
    }
    if ((held?.value ?? null) !== (verdict?.value ?? null)) {
      changes.push({
        family: family.key,
        familyName: family.name,
        from: held?.value ?? null,
        to: verdict?.value ?? null,
        reason:
          verdict?.reason ?? `不再满足「${held!.value}」：${lostReason(family, subject, now)}`,
      });
    }
  }
  for (const [key, held] of Object.entries(current)) {
    if (rules.families.some((f) => f.key === key)) continue;
    changes.push({
      family: key,
      familyName: key,
      from: held.value,
      to: null,
      reason: '该标签维度已停用',
    });
  }
  const future = reviews.filter((t) => t > now);
  return { tags, changes, reviewAt: future.length ? Math.min(...future) : null };
}

function lostReason(family: TagFamily, subject: TagSubject, now: number): string {
  const facts = [...new Set(timeConditions(family).map((c) => factText(c, subject, now)))];
  return facts.slice(0, 3).join('，') || '条件不再成立';
}
