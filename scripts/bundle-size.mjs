#!/usr/bin/env node
/**
 * Sizes of the weapp build as WeChat counts them: the main package is everything in
 * dist/weapp outside the subpackage roots of app.json (limit 2 MB; our budget is lower).
 *   node scripts/bundle-size.mjs [--budget-kb 1536] [--json]
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export function weappSizes(dist = 'dist/weapp') {
  const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8'));
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));
  const sizes = { main: 0, subpackages: Object.fromEntries(roots.map((r) => [r, 0])) };
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const rel = relative(dist, p).split('\\').join('/');
        if (rel.endsWith('.map')) continue;
        const root = roots.find((r) => rel === r || rel.startsWith(r + '/'));
        if (root) sizes.subpackages[root] += statSync(p).size;
        else sizes.main += statSync(p).size;
      }
    }
  };
  walk(dist);
  return sizes;
}

const isMain = process.argv[1] && process.argv[1].endsWith('bundle-size.mjs');
if (isMain) {
  if (!existsSync('dist/weapp/app.json')) {
    console.error('dist/weapp not built: run npm run build:weapp');
    process.exit(1);
  }
  const i = process.argv.indexOf('--budget-kb');
  const budgetKb = i > 0 ? Number(process.argv[i + 1]) : 1536;
  const s = weappSizes();
  if (process.argv.includes('--json')) console.log(JSON.stringify(s));
  else {
    console.log(
      `weapp main package: ${(s.main / 1024).toFixed(1)} KB (budget ${budgetKb} KB, WeChat limit 2048 KB)`,
    );
    for (const [root, size] of Object.entries(s.subpackages))
      console.log(`  subpackage ${root}: ${(size / 1024).toFixed(1)} KB`);
  }
  if (s.main > budgetKb * 1024) {
    console.error(`main package exceeds its budget of ${budgetKb} KB`);
    process.exit(1);
  }
}
