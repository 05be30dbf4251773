/**
 * Per-store signing keys of till systems: function environment `CRM_POS_KEYS`, a JSON
 * object storeId → key (long random strings; a store's key signs only that store's
 * orders). Read here because only `pos` needs it.
 */
let cached: { raw: string; keys: Record<string, string> } | null = null;

export function posKeyFor(storeId: string): string | null {
  const raw = process.env.CRM_POS_KEYS ?? '';
  if (!cached || cached.raw !== raw) {
    let keys: Record<string, string> = {};
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        keys = parsed as Record<string, string>;
    } catch {
      keys = {};
    }
    cached = { raw, keys };
  }
  const key = cached.keys[storeId];
  return typeof key === 'string' && key.length >= 16 ? key : null;
}
