/** The emulator clock's offset, kept in its SQLite file so a moved clock survives a restart. */
import type Database from 'better-sqlite3';

export function readSavedClockOffset(sqlite: Database.Database): number {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  );
  const row = sqlite.prepare("SELECT value FROM emulator_meta WHERE key = 'clockOffset'").get() as
    | { value: string }
    | undefined;
  return row ? Number(row.value) : 0;
}

export function saveClockOffset(sqlite: Database.Database, offset: number) {
  sqlite
    .prepare(
      "INSERT INTO emulator_meta (key, value) VALUES ('clockOffset', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .run(String(offset));
}
