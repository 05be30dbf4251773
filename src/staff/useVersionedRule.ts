/**
 * A rule HQ edits as versions (loyalty settings, automations, tag rules): loads the version
 * in force with its recent history, saves a change as the version after the one it was made
 * on, and — when a colleague saved first (COMMON.CONFLICT) — reloads the latest and says so.
 *
 *   const rule = useVersionedRule({
 *     rule: 'loyalty',
 *     read: () => callFunction('crm', { action: 'getLoyaltySettings' }),
 *     onLoaded: (view) => setDraft(draftOf(view.settings)),
 *     conflict: '其他同事刚刚修改了设置，已为你载入最新版本',
 *   });
 *   rule.save((baseVersion) => callFunction('crm', { action: 'saveLoyaltySettings', settings, baseVersion }),
 *     (version) => `已保存为第 ${version} 版，立即生效`);
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RuleHistoryEntryView, RuleKind } from '@/contracts/crm';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';

export function useVersionedRule<V extends { version: number }>(opts: {
  rule: RuleKind;
  read: () => Promise<V>;
  /** the view just loaded (fill the form from it) */
  onLoaded: (view: V) => void;
  /** what the page says when a colleague saved first */
  conflict: string;
}) {
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const [view, setView] = useState<V | null>(null);
  const [history, setHistory] = useState<RuleHistoryEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setError(null);
    try {
      const { read, rule } = optsRef.current;
      const [current, past] = await Promise.all([
        read(),
        callFunction('crm', { action: 'listRuleHistory', rule, limit: 10 }),
      ]);
      setView(current);
      optsRef.current.onLoaded(current);
      setHistory(past.entries);
    } catch (e) {
      setError(toCallError(e).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  /** saves on the version in force; `saved` words the notice for the new version */
  const save = async (
    write: (baseVersion: number) => Promise<{ version: number }>,
    saved: (version: number) => string,
  ) => {
    if (!view) return;
    setBusy(true);
    setSaveError(null);
    setNotice(null);
    try {
      const out = await write(view.version);
      setNotice(saved(out.version));
      await load();
    } catch (e) {
      const err = toCallError(e);
      const conflict = err.code === 'COMMON.CONFLICT';
      setSaveError(conflict ? optsRef.current.conflict : err.message);
      if (conflict) await load();
    } finally {
      setBusy(false);
    }
  };

  return {
    view,
    history,
    error,
    saveError,
    notice,
    busy,
    load,
    save,
    clearNotice: () => setNotice(null),
  };
}
