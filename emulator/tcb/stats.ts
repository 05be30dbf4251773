import type { RequestStats } from './types';

export interface InvocationStats {
  total: number;
  byAction: Record<string, number>;
}

export interface InMemoryRequestStats extends RequestStats {
  get(invocationId: string): InvocationStats;
  /** Forgets one invocation, or all of them. */
  reset(invocationId?: string): void;
}

export function createRequestStats(): InMemoryRequestStats {
  const byInvocation = new Map<string, InvocationStats>();
  return {
    record(invocationId, action) {
      let stats = byInvocation.get(invocationId);
      if (!stats) {
        stats = { total: 0, byAction: {} };
        byInvocation.set(invocationId, stats);
      }
      stats.total++;
      stats.byAction[action] = (stats.byAction[action] ?? 0) + 1;
    },
    get(invocationId) {
      const stats = byInvocation.get(invocationId);
      return stats
        ? { total: stats.total, byAction: { ...stats.byAction } }
        : { total: 0, byAction: {} };
    },
    reset(invocationId) {
      if (invocationId === undefined) byInvocation.clear();
      else byInvocation.delete(invocationId);
    },
  };
}
