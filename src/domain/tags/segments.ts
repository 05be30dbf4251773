/**
 * Segments: the one member query that automations, campaigns, the clerk's customer list
 * and exports share — by computed tags (all of / any of / none of), manual tags, store,
 * level and clerk. Tags are stored on the member twice: `tags` (family → value with its
 * reason) and `tagKeys` (['frequency:高频', 'lifecycle:活跃', …], a multikey index), so a
 * segment is an indexed query, paged by `_id`, with a count.
 *
 * `segmentConditions` says what to match, as data; the cloud side turns it into database
 * commands (one place), `matchesSegment` answers the same question for one member (tests,
 * previews), so the two cannot disagree.
 */
import { z } from 'zod';
import { LEVELS, LEVEL_SHORT_NAMES, type Level } from '../levels';
import type { MemberTags } from './decide';

/** 'family:value', e.g. 'lifecycle:沉睡' */
export const tagKeySchema = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}:[^:]{1,20}$/);

export const tagKey = (family: string, value: string) => `${family}:${value}`;

/** The index keys of a member's computed tags. */
export function memberTagKeys(tags: MemberTags): string[] {
  return Object.entries(tags)
    .map(([family, t]) => tagKey(family, t.value))
    .sort();
}

const idList = z.array(z.string().min(1).max(40)).min(1).max(50);

export const segmentSchema = z.strictObject({
  tags: z
    .strictObject({
      all: z.array(tagKeySchema).max(10).default([]),
      any: z.array(tagKeySchema).max(10).default([]),
      none: z.array(tagKeySchema).max(10).default([]),
    })
    .default({ all: [], any: [], none: [] }),
  manualTags: z.array(z.string().min(1).max(20)).max(10).default([]),
  storeIds: idList.optional(),
  levels: z.array(z.enum(LEVELS)).min(1).max(3).optional(),
  clerkIds: idList.optional(),
});
export type Segment = z.output<typeof segmentSchema>;
export type SegmentInput = z.input<typeof segmentSchema>;

/** The member fields a segment reads. */
export type SegmentMember = {
  tagKeys?: string[];
  manualTags?: string[];
  homeStoreId: string | null;
  clerkId: string | null;
  level: Level;
  status: string;
};

export type SegmentCondition =
  | { path: 'tagKeys' | 'manualTags'; op: 'all' | 'in' | 'nin'; values: string[] }
  | { path: 'homeStoreId' | 'clerkId' | 'level'; op: 'in'; values: string[] }
  | { path: 'status'; op: 'eq'; value: 'active' };

/** What a member must match, as data (active members only, always). */
export function segmentConditions(segment: Segment): SegmentCondition[] {
  const out: SegmentCondition[] = [{ path: 'status', op: 'eq', value: 'active' }];
  if (segment.tags.all.length) out.push({ path: 'tagKeys', op: 'all', values: segment.tags.all });
  if (segment.tags.any.length) out.push({ path: 'tagKeys', op: 'in', values: segment.tags.any });
  if (segment.tags.none.length) out.push({ path: 'tagKeys', op: 'nin', values: segment.tags.none });
  if (segment.manualTags.length)
    out.push({ path: 'manualTags', op: 'all', values: segment.manualTags });
  if (segment.storeIds) out.push({ path: 'homeStoreId', op: 'in', values: segment.storeIds });
  if (segment.clerkIds) out.push({ path: 'clerkId', op: 'in', values: segment.clerkIds });
  if (segment.levels) out.push({ path: 'level', op: 'in', values: segment.levels });
  return out;
}

/** Does one member belong to the segment (the same conditions, evaluated in memory). */
export function matchesSegment(member: SegmentMember, segment: Segment): boolean {
  return segmentConditions(segment).every((c) => {
    if (c.op === 'eq') return member[c.path] === c.value;
    const field = member[c.path];
    const have = Array.isArray(field)
      ? field
      : field === null || field === undefined
        ? []
        : [field];
    if (c.op === 'all') return c.values.every((v) => have.includes(v));
    if (c.op === 'in') return c.values.some((v) => have.includes(v));
    return !c.values.some((v) => have.includes(v));
  });
}

/** The segment in Chinese, for lists and confirmations: 「高频 · 沉睡以外 · 金卡」. */
export function describeSegment(segment: Segment, storeNames: Map<string, string> = new Map()) {
  const value = (key: string) => key.slice(key.indexOf(':') + 1);
  const parts = [
    ...segment.tags.all.map(value),
    ...(segment.tags.any.length ? [segment.tags.any.map(value).join('或')] : []),
    ...segment.tags.none.map((k) => `非${value(k)}`),
    ...segment.manualTags.map((t) => `#${t}`),
    ...(segment.levels ? [segment.levels.map((l) => LEVEL_SHORT_NAMES[l]).join('/')] : []),
    ...(segment.storeIds ? [segment.storeIds.map((s) => storeNames.get(s) ?? s).join('/')] : []),
    ...(segment.clerkIds ? [`${segment.clerkIds.length} 位店员的顾客`] : []),
  ];
  return parts.length ? parts.join(' · ') : '全部会员';
}
