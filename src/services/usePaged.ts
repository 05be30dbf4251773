/**
 * A list paged by time, newest first: each page asks for items older than the last one
 * shown (`before`). It loads the first page on mount, reloads on pull-down, loads the next
 * page on reaching the bottom, and drops answers overtaken by a newer load.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { CallError } from './cloud';
import { toCallError } from './useCall';

export type Paged<T, P> = {
  items: T[];
  /** the latest page's answer, for page-level fields (e.g. a balance) */
  page: P | null;
  hasMore: boolean;
  loading: boolean;
  error: CallError | null;
  /** from the top again */
  reload: () => Promise<void>;
  loadMore: () => void;
};

export function usePaged<T, P extends { hasMore: boolean }>(opts: {
  fetch: (before: number | undefined) => Promise<P>;
  items: (page: P) => T[];
  /** the item's time, sent as `before` to get the page after it */
  cursor: (item: T) => number;
}): Paged<T, P> {
  const [items, setItems] = useState<T[]>([]);
  const [page, setPage] = useState<P | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<CallError | null>(null);
  const ticket = useRef(0);
  const shown = useRef<T[]>([]);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const load = useCallback(async (more: boolean) => {
    const mine = ++ticket.current;
    const last = more ? shown.current[shown.current.length - 1] : undefined;
    setLoading(true);
    setError(null);
    try {
      const answer = await optsRef.current.fetch(
        last === undefined ? undefined : optsRef.current.cursor(last),
      );
      if (mine !== ticket.current) return;
      const next = optsRef.current.items(answer);
      shown.current = more ? [...shown.current, ...next] : next;
      setItems(shown.current);
      setPage(answer);
    } catch (e) {
      if (mine === ticket.current) setError(toCallError(e));
    } finally {
      if (mine === ticket.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(false);
  }, [load]);
  usePullDownRefresh(() => {
    void load(false).finally(() => Taro.stopPullDownRefresh());
  });
  const hasMore = page?.hasMore ?? false;
  const loadMore = useCallback(() => {
    if (hasMore && !loading) void load(true);
  }, [hasMore, loading, load]);
  // scrolling never retries a failed page by itself; the button does
  useReachBottom(() => {
    if (!error) loadMore();
  });

  const reload = useCallback(() => load(false), [load]);
  return { items, page, hasMore, loading, error, reload, loadMore };
}
