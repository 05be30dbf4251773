/**
 * Test-only index declarations: a copy of database/indexes.json, edited, in a temporary
 * file for `startTestEmulator({ indexesPath })` — the console's mistakes (an index made
 * without 唯一) without touching the emulator or the project's file.
 *
 *   const file = editedIndexFile(withoutUnique); // every unique flag dropped
 *   emu = await startTestEmulator({ indexesPath: file.path }); … file.remove();
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readIndexFile, type IndexFile } from '../../../scripts/db-check-unique';
import { ROOT } from './sdk';

export function editedIndexFile(edit: (spec: IndexFile) => void): {
  path: string;
  remove(): void;
} {
  const spec = readIndexFile(ROOT);
  edit(spec);
  const dir = mkdtempSync(join(tmpdir(), 'crm-indexes-'));
  const path = join(dir, 'indexes.json');
  writeFileSync(path, JSON.stringify(spec));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Drops every `unique` flag: only `_id` stays unique. */
export function withoutUnique(spec: IndexFile): void {
  for (const list of Object.values(spec.collections)) for (const index of list) delete index.unique;
}
