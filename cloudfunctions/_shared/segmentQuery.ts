/**
 * The one place a segment (domain/tags/segments.ts) becomes a database query: each
 * condition of `segmentConditions` turned into a `db.command` operator, all of them ANDed,
 * paged by `_id`. Served by the members indexes `status_tags` (status, tagKeys: multikey),
 * `homeStore` and `clerk`.
 */
import { segmentConditions, type Segment, type SegmentCondition } from '@/domain/tags/segments';
import type { Database } from './db';

function operator(_: Database['command'], c: SegmentCondition): unknown {
  switch (c.op) {
    case 'eq':
      return c.value;
    case 'all':
      return _.all(c.values);
    case 'in':
      return _.in(c.values);
    case 'nin':
      return _.nin(c.values);
  }
}

/** The `where` argument for the members of a segment (after `afterId`, when paging). */
export function segmentWhere(_: Database['command'], segment: Segment, afterId?: string): unknown {
  const clauses: Record<string, unknown>[] = segmentConditions(segment).map((c) => ({
    [c.path]: operator(_, c),
  }));
  if (afterId) clauses.push({ _id: _.gt(afterId) });
  return _.and(clauses);
}
