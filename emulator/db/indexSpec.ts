/*
 * database/indexes.json: every collection and its indexes, `{ collections: { name: [{ name,
 * keys: { 'field.path': 1 | -1 }, unique? }] } }`. Key order is index column order.
 *
 * Each declared index becomes a SQLite expression index over the collection's table. Every
 * column is `COALESCE(json_extract(doc, '$."a"."b"'), X'00')`: a missing field and an explicit
 * null both map to the blob sentinel, which no JSON value can produce, so a UNIQUE index treats
 * "missing" and null as the same key (MongoDB semantics: two documents without the field
 * collide) and `{field: null}` queries can use the index too.
 */
import { z } from 'zod';

const IndexDeclSchema = z.object({
  name: z.string().min(1),
  keys: z.record(z.string().min(1), z.union([z.literal(1), z.literal(-1)])),
  unique: z.boolean().optional(),
});

const IndexesFileSchema = z.object({
  collections: z.record(z.string().min(1), z.array(IndexDeclSchema)),
});

export type IndexDecl = z.infer<typeof IndexDeclSchema>;
export type IndexesFile = z.infer<typeof IndexesFileSchema>;

/** A declared index with its SQL names and expressions. */
export interface IndexDef {
  collection: string;
  name: string;
  unique: boolean;
  fields: string[];
  directions: Array<1 | -1>;
  sqlName: string;
  /** One SQL expression per field, identical in the index and in lookups (SQLite matches them textually). */
  expressions: string[];
}

export function parseIndexesFile(raw: unknown): IndexesFile {
  const parsed = IndexesFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `database/indexes.json is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  for (const [collection, indexes] of Object.entries(parsed.data.collections)) {
    const names = new Set<string>();
    for (const index of indexes) {
      if (names.has(index.name))
        throw new Error(`database/indexes.json: ${collection} declares index ${index.name} twice`);
      names.add(index.name);
      if (Object.keys(index.keys).length === 0)
        throw new Error(`database/indexes.json: ${collection}.${index.name} has no keys`);
      for (const field of Object.keys(index.keys)) jsonPathOf(field);
    }
  }
  return parsed.data;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tableNameOf(collection: string): string {
  return `col_${collection}`;
}

export function indexPrefixOf(collection: string): string {
  return `ix_${collection}__`;
}

/** `a.b` → `$."a"."b"` (quoted segments, so keys with `-` or digits stay keys). */
function jsonPathOf(field: string): string {
  const segments = field.split('.');
  for (const segment of segments) {
    if (segment === '' || /["\\]/.test(segment) || segment.startsWith('$')) {
      throw new Error(`field path "${field}" cannot be indexed`);
    }
  }
  return '$.' + segments.map((s) => `"${s}"`).join('.');
}

function fieldExpression(field: string): string {
  const path = jsonPathOf(field).replace(/'/g, "''");
  return `COALESCE(json_extract(doc, '${path}'), X'00')`;
}

export function toIndexDef(collection: string, decl: IndexDecl): IndexDef {
  const fields = Object.keys(decl.keys);
  return {
    collection,
    name: decl.name,
    unique: decl.unique === true,
    fields,
    directions: fields.map((f) => decl.keys[f]),
    sqlName: indexPrefixOf(collection) + decl.name,
    expressions: fields.map(fieldExpression),
  };
}

export function indexDdl(def: IndexDef): string {
  const columns = def.expressions
    .map((e, i) => `${e} ${def.directions[i] === -1 ? 'DESC' : 'ASC'}`)
    .join(', ');
  return `CREATE ${def.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(def.sqlName)} ON ${quoteIdent(tableNameOf(def.collection))} (${columns})`;
}
