/** The till's unfinished sale, kept in storage on every change (see saleDraft.ts). */
import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { StaffView } from '@/contracts/staff';
import { draftKey, emptyDraft, isBlank, readDraft, storedDraft, type SaleDraft } from './saleDraft';

export function useSaleDraft(staff: StaffView) {
  const key = draftKey(staff);
  const [draft, setDraft] = useState<SaleDraft>(
    () => readDraft(Taro.getStorageSync(key), Date.now()) ?? emptyDraft(),
  );
  useEffect(() => {
    if (isBlank(draft)) Taro.removeStorageSync(key);
    else Taro.setStorageSync(key, storedDraft(draft, Date.now()));
  }, [draft, key]);
  const update = useCallback(
    (patch: Partial<SaleDraft>) => setDraft((d) => ({ ...d, ...patch })),
    [],
  );
  const clear = useCallback(() => setDraft(emptyDraft()), []);
  return { draft, update, clear };
}
