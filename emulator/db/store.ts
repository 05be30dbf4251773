/*
 * SQLite storage of the database emulator: one table per collection,
 * `col_<name>(id PRIMARY KEY, doc TEXT)`, the id column without type affinity so that the
 * string "5" and the number 5 stay different ids (as in MongoDB), rowid order being the
 * natural (insertion) order. `_emu_collections` registers collections (CloudBase answers
 * "collection not exist" for anything else); `_emu_multikey` remembers indexed paths that
 * have held an array, where a json_extract equality lookup would miss array-element matches,
 * so the planner stops using those indexes for that collection.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Doc } from './ejson';
import { getPath, pathHasArray, toSqlValue, type SqlValue } from './indexValues';
import {
  indexDdl,
  indexPrefixOf,
  quoteIdent,
  tableNameOf,
  toIndexDef,
  type IndexDef,
  type IndexesFile,
} from './indexSpec';

export type DocId = string | number;
export interface Row {
  id: DocId;
  doc: string;
}
interface CollectionStatements {
  get: BetterSqlite3.Statement<[DocId], Row & { rowid: number }>;
  insert: BetterSqlite3.Statement<[DocId, string]>;
  update: BetterSqlite3.Statement<[string, DocId]>;
  remove: BetterSqlite3.Statement<[DocId]>;
  scan: BetterSqlite3.Statement<[], Row>;
  count: BetterSqlite3.Statement<[], { n: number }>;
}

interface CollectionState {
  name: string;
  table: string;
  indexes: IndexDef[];
  indexedFields: string[];
  statements: CollectionStatements;
}

export class Store {
  private readonly states = new Map<string, CollectionState>();
  private readonly multikey = new Set<string>();
  private readonly declared: IndexesFile;

  constructor(
    readonly sqlite: BetterSqlite3.Database,
    declared: IndexesFile,
  ) {
    this.declared = declared;
    sqlite.exec(`
      CREATE TABLE IF NOT EXISTS _emu_collections (name TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS _emu_multikey (collection TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (collection, path)) WITHOUT ROWID;
    `);
    this.transaction(() => {
      for (const name of Object.keys(declared.collections)) this.ensureRegistered(name);
      const names = sqlite
        .prepare<[], { name: string }>('SELECT name FROM _emu_collections ORDER BY name')
        .all();
      for (const { name } of names) this.open(name);
    });
    for (const row of sqlite
      .prepare<
        [],
        { collection: string; path: string }
      >('SELECT collection, path FROM _emu_multikey')
      .all()) {
      this.multikey.add(`${row.collection}\u0000${row.path}`);
    }
  }

  has(name: string): boolean {
    return this.states.has(name);
  }

  names(): string[] {
    return [...this.states.keys()].sort();
  }

  isDeclared(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.declared.collections, name);
  }

  indexesOf(name: string): IndexDef[] {
    return this.state(name).indexes;
  }

  create(name: string): void {
    this.transaction(() => {
      this.ensureRegistered(name);
      this.open(name);
    });
  }

  /** Drops the collection's table; a declared collection is recreated empty at once. */
  drop(name: string): void {
    const state = this.state(name);
    this.transaction(() => {
      this.sqlite.exec(`DROP TABLE IF EXISTS ${quoteIdent(state.table)}`);
      this.sqlite.prepare('DELETE FROM _emu_collections WHERE name = ?').run(name);
      this.sqlite.prepare('DELETE FROM _emu_multikey WHERE collection = ?').run(name);
      this.states.delete(name);
      for (const key of [...this.multikey])
        if (key.startsWith(`${name}\u0000`)) this.multikey.delete(key);
      if (this.isDeclared(name)) {
        this.ensureRegistered(name);
        this.open(name);
      }
    });
  }

  get(name: string, id: DocId): string | undefined {
    return this.state(name).statements.get.get(id)?.doc;
  }

  /** Documents by id, in natural (insertion) order like every other read. */
  getMany(name: string, ids: DocId[]): Row[] {
    const rows: Array<Row & { rowid: number }> = [];
    const get = this.state(name).statements.get;
    for (const id of new Set(ids)) {
      const row = get.get(id);
      if (row) rows.push(row);
    }
    if (rows.length > 1) rows.sort((a, b) => a.rowid - b.rowid);
    return rows;
  }

  scan(name: string): IterableIterator<Row> {
    return this.state(name).statements.scan.iterate();
  }

  count(name: string): number {
    return this.state(name).statements.count.get()?.n ?? 0;
  }

  /** SQL for an equality / IN lookup on the leading `valuesPerField.length` columns of an index. */
  lookupSql(
    name: string,
    index: IndexDef,
    valuesPerField: SqlValue[][],
  ): { sql: string; params: SqlValue[] } {
    const state = this.state(name);
    const clauses: string[] = [];
    const params: SqlValue[] = [];
    valuesPerField.forEach((values, i) => {
      const expr = index.expressions[i];
      if (values.length === 1) clauses.push(`${expr} = ?`);
      else clauses.push(`${expr} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    });
    return {
      sql: `SELECT id, doc FROM ${quoteIdent(state.table)} WHERE ${clauses.join(' AND ')} ORDER BY rowid`,
      params,
    };
  }

  lookup(name: string, index: IndexDef, valuesPerField: SqlValue[][]): Row[] {
    const { sql, params } = this.lookupSql(name, index, valuesPerField);
    return this.sqlite.prepare<SqlValue[], Row>(sql).all(...params);
  }

  /** Another stored document holding the same key in a unique index, if any. */
  findUniqueHolder(name: string, index: IndexDef, doc: Doc, exceptId: DocId): DocId | undefined {
    const values: SqlValue[] = [];
    for (const field of index.fields) {
      const value = toSqlValue(getPath(doc, field));
      if (value === undefined) return undefined;
      values.push(value);
    }
    const state = this.state(name);
    const where = index.expressions.map((e) => `${e} = ?`).join(' AND ');
    const row = this.sqlite
      .prepare<
        SqlValue[],
        { id: DocId }
      >(`SELECT id FROM ${quoteIdent(state.table)} WHERE ${where} AND id IS NOT ? LIMIT 1`)
      .get(...values, exceptId);
    return row?.id;
  }

  explain(sql: string, params: SqlValue[]): string[] {
    return this.sqlite
      .prepare<SqlValue[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => r.detail);
  }

  insert(name: string, id: DocId, doc: Doc, text: string): void {
    this.state(name).statements.insert.run(id, text);
    this.noteMultikey(name, doc);
  }

  update(name: string, id: DocId, doc: Doc, text: string): boolean {
    const changed = this.state(name).statements.update.run(text, id).changes > 0;
    if (changed) this.noteMultikey(name, doc);
    return changed;
  }

  remove(name: string, id: DocId): boolean {
    return this.state(name).statements.remove.run(id).changes > 0;
  }

  isMultikey(name: string, field: string): boolean {
    return this.multikey.has(`${name}\u0000${field}`);
  }

  transaction<T>(fn: () => T): T {
    if (this.sqlite.inTransaction) return fn();
    return this.sqlite.transaction(fn).immediate();
  }

  private noteMultikey(name: string, doc: Doc): void {
    for (const field of this.state(name).indexedFields) {
      const key = `${name}\u0000${field}`;
      if (this.multikey.has(key) || !pathHasArray(doc, field)) continue;
      this.sqlite
        .prepare('INSERT OR IGNORE INTO _emu_multikey (collection, path) VALUES (?, ?)')
        .run(name, field);
      this.multikey.add(key);
    }
  }

  private state(name: string): CollectionState {
    const state = this.states.get(name);
    if (!state) throw new Error(`collection ${name} does not exist`);
    return state;
  }

  private ensureRegistered(name: string): void {
    if (name.length === 0 || name.length > 120 || [...name].some((c) => c.charCodeAt(0) < 0x20))
      throw new Error(`invalid collection name ${JSON.stringify(name)}`);
    this.sqlite.prepare('INSERT OR IGNORE INTO _emu_collections (name) VALUES (?)').run(name);
  }

  /** Creates the table if needed and makes its indexes match the declaration. */
  private open(name: string): void {
    const table = tableNameOf(name);
    const t = quoteIdent(table);
    this.sqlite.exec(
      `CREATE TABLE IF NOT EXISTS ${t} (id PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`,
    );
    const indexes = (this.declared.collections[name] ?? []).map((decl) => toIndexDef(name, decl));
    this.syncIndexes(name, table, indexes);
    this.states.set(name, {
      name,
      table,
      indexes,
      indexedFields: [...new Set(indexes.flatMap((i) => i.fields))],
      statements: {
        get: this.sqlite.prepare<[DocId], Row & { rowid: number }>(
          `SELECT rowid, id, doc FROM ${t} WHERE id = ?`,
        ),
        insert: this.sqlite.prepare<[DocId, string]>(`INSERT INTO ${t} (id, doc) VALUES (?, ?)`),
        update: this.sqlite.prepare<[string, DocId]>(`UPDATE ${t} SET doc = ? WHERE id = ?`),
        remove: this.sqlite.prepare<[DocId]>(`DELETE FROM ${t} WHERE id = ?`),
        scan: this.sqlite.prepare<[], Row>(`SELECT id, doc FROM ${t} ORDER BY rowid`),
        count: this.sqlite.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${t}`),
      },
    });
  }

  private syncIndexes(name: string, table: string, indexes: IndexDef[]): void {
    const prefix = indexPrefixOf(name);
    const existing = new Map(
      this.sqlite
        .prepare<[string], { name: string; sql: string }>(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
        )
        .all(table)
        .filter((row) => row.name.startsWith(prefix))
        .map((row) => [row.name, row.sql]),
    );
    for (const index of indexes) {
      const ddl = indexDdl(index);
      if (existing.get(index.sqlName) === ddl) {
        existing.delete(index.sqlName);
        continue;
      }
      if (existing.has(index.sqlName)) this.sqlite.exec(`DROP INDEX ${quoteIdent(index.sqlName)}`);
      existing.delete(index.sqlName);
      try {
        this.sqlite.exec(ddl);
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (code.startsWith('SQLITE_CONSTRAINT')) {
          throw new Error(
            `cannot create unique index ${name}.${index.name}: stored documents already hold duplicate keys`,
          );
        }
        throw error;
      }
    }
    for (const stale of existing.keys()) this.sqlite.exec(`DROP INDEX ${quoteIdent(stale)}`);
  }
}
