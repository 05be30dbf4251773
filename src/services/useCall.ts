/**
 * Loading / error state around a cloud call, for pages.
 *
 *   const card = useCall(() => callFunction('member', { action: 'getCard' }), []);
 *   if (card.loading) …; if (card.error) … card.error.message …; card.data
 *
 * `reload()` runs the call again (retry buttons, pull-down refresh). Answers of a call that
 * was superseded or whose page unmounted are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { CallError, FAILURE_MESSAGE, isCallError } from './cloud';

export type CallState<T> = {
  data: T | null;
  error: CallError | null;
  loading: boolean;
  /** Date.now() when `data` arrived (e.g. to relate a server timestamp to the phone's clock) */
  updatedAt: number;
  reload: () => Promise<void>;
};

export function toCallError(e: unknown): CallError {
  return isCallError(e) ? e : new CallError('FUNCTION_FAILED', FAILURE_MESSAGE);
}

export function useCall<T>(
  run: () => Promise<T>,
  deps: readonly unknown[],
  options: { enabled?: boolean } = {},
): CallState<T> {
  const enabled = options.enabled ?? true;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [updatedAt, setUpdatedAt] = useState(0);
  const [loading, setLoading] = useState(enabled);
  const latest = useRef(0);
  const runRef = useRef(run);
  runRef.current = run;

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const value = await runRef.current();
      if (ticket === latest.current) {
        setData(value);
        setUpdatedAt(Date.now());
      }
    } catch (e) {
      if (ticket === latest.current) setError(toCallError(e));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (enabled) void reload();
    const tickets = latest;
    return () => {
      tickets.current++; // drop the answer of a call still in flight
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps]);

  return { data, error, loading, updatedAt, reload };
}
