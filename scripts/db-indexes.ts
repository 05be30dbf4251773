/**
 * Prints the collections and indexes declared in database/indexes.json as a checklist for
 * a real CloudBase environment (云开发控制台 → 数据库 → 集合 → 索引管理), and as
 * `tcb` CLI-friendly JSON with `--json`. The emulator creates and enforces the same file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Index = { name: string; keys: Record<string, 1 | -1>; unique?: boolean };
const spec = JSON.parse(readFileSync(join(__dirname, '../database/indexes.json'), 'utf8')) as {
  collections: Record<string, Index[]>;
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(spec.collections, null, 2));
} else {
  for (const [collection, indexes] of Object.entries(spec.collections)) {
    console.log(`集合 ${collection}${indexes.length ? '' : '（仅默认 _id 索引）'}`);
    for (const ix of indexes) {
      const keys = Object.entries(ix.keys)
        .map(([k, d]) => `${k} ${d === 1 ? '升序' : '降序'}`)
        .join(', ');
      console.log(`  - ${ix.name}: ${keys}${ix.unique ? '  【唯一】' : ''}`);
    }
  }
}
