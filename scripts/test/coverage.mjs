/**
 * One coverage line per source area, from Jest's (unit) or c8's (function bundles run by the
 * emulator suite) json-summary report:
 *   coverage (unit) src/domain: lines 93.1% · branches 88.0% · functions 90.2% (41 files)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mergeProcessCovs } from '@bcoe/v8-coverage';
import istanbul from 'istanbul-lib-coverage';
import v8ToIstanbul from 'v8-to-istanbul';

export const AREAS = ['src/domain', 'cloudfunctions'];

/** Sums Jest's per-file totals into one line per area (pure: takes the parsed report). */
export function summarise(report, root = process.cwd(), areas = AREAS) {
  return areas.map((area) => {
    const sum = { lines: [0, 0], branches: [0, 0], functions: [0, 0] };
    let files = 0;
    for (const [file, totals] of Object.entries(report)) {
      if (file === 'total' || !relative(root, file).startsWith(`${area}/`)) continue;
      files += 1;
      for (const k of Object.keys(sum)) {
        sum[k][0] += totals[k].covered;
        sum[k][1] += totals[k].total;
      }
    }
    const pct = ([c, t]) => (t === 0 ? '–' : `${((100 * c) / t).toFixed(1)}%`);
    return `coverage ${area}: lines ${pct(sum.lines)} · branches ${pct(sum.branches)} · functions ${pct(sum.functions)} (${files} files)`;
  });
}

export function coverageLines(path, label = 'unit') {
  if (!existsSync(path)) return [`coverage (${label}): no report written`];
  return summarise(JSON.parse(readFileSync(path, 'utf8'))).map((l) =>
    l.replace('coverage ', `coverage (${label}) `),
  );
}

/**
 * The emulator suite runs the built function bundles in worker threads; with
 * NODE_V8_COVERAGE set, every thread writes V8 coverage. Only the bundles' entries are kept
 * (the test process's own entries are Jest-transformed code without source maps), merged
 * per bundle, and mapped back through the bundles' source maps to cloudfunctions/ and
 * src/domain/ (v8-to-istanbul, the converter c8 and Jest use).
 */
export async function bundleCoverageLines(rawDir, bundlesDir, root = process.cwd()) {
  if (!existsSync(rawDir)) return ['coverage (function bundles): no V8 coverage written'];
  const prefix = pathToFileURL(bundlesDir).href;
  const scripts = [];
  for (const name of readdirSync(rawDir)) {
    const raw = JSON.parse(readFileSync(join(rawDir, name), 'utf8'));
    const result = raw.result.filter((r) => r.url.startsWith(prefix));
    if (result.length) scripts.push({ result });
  }
  const merged = mergeProcessCovs(scripts);
  const map = istanbul.createCoverageMap({});
  for (const script of merged.result) {
    const converter = v8ToIstanbul(fileURLToPath(script.url), 0);
    await converter.load();
    converter.applyCoverage(script.functions);
    map.merge(converter.toIstanbul());
  }
  const report = {};
  for (const file of map.files()) {
    if (file.endsWith('.test.ts') || !AREAS.some((a) => relative(root, file).startsWith(`${a}/`)))
      continue;
    report[file] = map.fileCoverageFor(file).toSummary().toJSON();
  }
  return summarise(report, root).map((l) =>
    l.replace('coverage ', 'coverage (emulator, function bundles) '),
  );
}
