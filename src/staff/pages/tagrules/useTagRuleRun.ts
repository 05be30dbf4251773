/**
 * The two long runs of a tag rule change, each a loop of short calls (every call works at
 * most 5 s on the server and answers its progress): the preview — `previewTagRules` until
 * it is done, for exactly these rules — and, after 「应用」, the recompute job (`getTagJob`)
 * until every member carries the new version's tags. A run whose page moved on (the rules
 * edited again, the page closed) stops at its next call.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TagJobView, TagPreviewView } from '@/contracts/crm';
import type { TagRules } from '@/domain/tags/families';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';

/** calls one run makes at most before it leaves the rest to the tags timer */
const MAX_CALLS = 500;

export type PreviewState = {
  /** the rules previewed, as JSON (a preview belongs to exactly these rules) */
  key: string;
  view: TagPreviewView | null;
  error: string | null;
};

export function useTagRuleRun() {
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const [job, setJob] = useState<TagJobView | null>(null);
  const run = useRef(0);
  useEffect(
    () => () => {
      run.current += 1;
    },
    [],
  );

  const startPreview = useCallback(async (rules: TagRules) => {
    const mine = ++run.current;
    const key = JSON.stringify(rules);
    setPreview({ key, view: null, error: null });
    try {
      let view: TagPreviewView | null = null;
      for (let calls = 0; calls < MAX_CALLS && !view?.done; calls++) {
        view = await callFunction('crm', {
          action: 'previewTagRules',
          rules,
          ...(view ? { previewId: view.previewId } : {}),
        });
        if (run.current !== mine) return;
        setPreview({ key, view, error: null });
      }
    } catch (e) {
      if (run.current === mine)
        setPreview((p) => ({ key, view: p?.view ?? null, error: toCallError(e).message }));
    }
  }, []);

  /** follows the recompute job an apply started */
  const followJob = useCallback(async (started: TagJobView) => {
    const mine = ++run.current;
    setPreview(null);
    setJob(started);
    let current = started;
    try {
      for (let calls = 0; calls < MAX_CALLS && !current.done; calls++) {
        const next = await callFunction('crm', { action: 'getTagJob', jobId: current.jobId });
        if (run.current !== mine || !next) return;
        current = next;
        setJob(next);
      }
    } catch {
      // the tags timer carries the job on; the page keeps the last progress it saw
    }
  }, []);

  const clearPreview = useCallback(() => {
    run.current += 1;
    setPreview(null);
  }, []);

  return { preview, job, startPreview, followJob, clearPreview };
}
