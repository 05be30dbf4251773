/**
 * `npm run db:check-unique [-- --emulator <url>]`: proves, against a real environment, that
 * every unique index declared in database/indexes.json is there and unique. Unique indexes
 * are made by hand in the console, and a mistaken non-unique one allows duplicates silently.
 *
 * Per unique index: insert a probe document, then a second one with the same values in the
 * index's fields (and distinct values in every other unique field of the collection, so
 * only the index under test can refuse it); the second insert must fail with a duplicate
 * key. Both probes are removed at once. Exit code 1, with the indexes to fix, otherwise.
 *
 * The phone, member number, staff OPENID and coupon keys no longer depend on their indexes
 * (repos/claims.ts); the coupon code, the receipt and the invite's staff id still do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isDuplicateKeyError, type Database, type Doc } from '../cloudfunctions/_shared/db';
import { connectDatabase } from './cloudDb';

type IndexSpec = { name: string; keys: Record<string, number>; unique?: boolean };
export type IndexFile = { collections: Record<string, IndexSpec[]> };

export type ProbeResult = {
  collection: string;
  index: string;
  fields: string[];
  /** 'unique': a duplicate was refused; 'missing': the duplicate went in; 'error': the probe could not run */
  outcome: 'unique' | 'missing' | 'error';
  detail?: string;
};

/** `{'a.b': v}` → `{a: {b: v}}` (a dotted index path is a nested field). */
function withPath(doc: Doc, path: string, value: unknown): Doc {
  const parts = path.split('.');
  let at = doc;
  for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Doc;
  at[parts[parts.length - 1]] = value;
  return doc;
}

export async function probeUniqueIndexes(db: Database, spec: IndexFile): Promise<ProbeResult[]> {
  const run = `__crm_probe_${randomBytes(6).toString('hex')}`;
  const results: ProbeResult[] = [];
  for (const [collection, indexes] of Object.entries(spec.collections)) {
    const uniqueFields = [
      ...new Set(indexes.filter((i) => i.unique).flatMap((i) => Object.keys(i.keys))),
    ];
    for (const index of indexes.filter((i) => i.unique)) {
      const fields = Object.keys(index.keys);
      const probe = (copy: 'a' | 'b'): Doc => {
        let doc: Doc = { _id: `${run}_${index.name}_${copy}`, crmProbe: true };
        for (const f of uniqueFields)
          doc = withPath(
            doc,
            f,
            fields.includes(f) ? `${run}:${index.name}` : `${run}:${f}:${copy}`,
          );
        return doc;
      };
      const [a, b] = [probe('a'), probe('b')];
      const result: ProbeResult = { collection, index: index.name, fields, outcome: 'error' };
      try {
        await db.collection(collection).add({ data: a });
        try {
          await db.collection(collection).add({ data: b });
          result.outcome = 'missing';
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e;
          result.outcome = 'unique';
        }
      } catch (e) {
        result.detail = String((e as { errMsg?: string }).errMsg ?? (e as Error).message ?? e);
      } finally {
        for (const doc of [a, b])
          await db
            .collection(collection)
            .where({ _id: doc._id })
            .remove()
            .catch(() => undefined);
      }
      results.push(result);
    }
  }
  return results;
}

export function readIndexFile(root = join(__dirname, '..')): IndexFile {
  return JSON.parse(readFileSync(join(root, 'database/indexes.json'), 'utf8')) as IndexFile;
}

/** One line per index, problems first; `ok` is false when any index is not proven unique. */
export function report(results: ProbeResult[]): { ok: boolean; lines: string[] } {
  const bad = results.filter((r) => r.outcome !== 'unique');
  const line = (r: ProbeResult) =>
    `${r.outcome === 'unique' ? '  ok     ' : r.outcome === 'missing' ? '  NOT UNIQUE' : '  ERROR  '} ${r.collection}.${r.index} (${r.fields.join(', ')})${r.detail ? `: ${r.detail}` : ''}`;
  return {
    ok: bad.length === 0,
    lines: [
      ...bad.map(line),
      ...results.filter((r) => r.outcome === 'unique').map(line),
      bad.length
        ? `${bad.length} of ${results.length} unique indexes are not enforced: create them as 唯一 in 云开发控制台 → 数据库 → 索引管理 (npm run db:indexes lists them)`
        : `all ${results.length} unique indexes refuse duplicates`,
    ],
  };
}

if (process.argv[1]?.endsWith('db-check-unique.ts')) {
  (async () => {
    const { ok, lines } = report(
      await probeUniqueIndexes(connectDatabase(process.argv), readIndexFile()),
    );
    for (const l of lines) (ok ? console.log : console.error)(l);
    process.exit(ok ? 0 : 1);
  })().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
