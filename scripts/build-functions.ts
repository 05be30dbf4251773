/**
 * Builds every cloud function in cloudfunctions/<name>/ into an uploadable folder
 * dist/cloudfunctions/<name>/ = index.js (one bundle with the shared domain code; the
 * wx-server-sdk stays external), package.json (pinned wx-server-sdk) and config.json
 * (open API permissions, timer triggers). Upload each folder with WeChat DevTools
 * ("上传并部署：云端安装依赖") or the CloudBase CLI (see README → Deploy).
 *
 * `--release` (npm run build:release) first checks CRM_CLOUD_ENV, CRM_TEMPLATE_IDS and
 * CRM_MINIPROGRAM_STATE (config/releaseEnv.ts) and stops naming what is missing; it writes
 * those (none secret) into dist/cloudbaserc.json, the secrets stay `{{env.NAME}}`.
 */
import { build, type Plugin } from 'esbuild';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { checkTimeout } from '../emulator/functions/timeouts';
import { functionsReleaseEnv } from '../config/releaseEnv';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'cloudfunctions');
const OUT = join(ROOT, 'dist/cloudfunctions');
const SDK_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/wx-server-sdk/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/**
 * zod's `z` namespace re-exports every locale (~700 KB); functions only use zod's default
 * (English) messages internally — users see our own Chinese messages — so the locale index
 * is replaced by one that exports `en` alone.
 */
const onlyEnglishZodLocale: Plugin = {
  name: 'zod-english-locale-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${sep}zod${sep}`)
        ? { path: 'zod-locales', namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(join(ROOT, 'node_modules/zod/v4/locales/en.js'))};`,
      resolveDir: ROOT,
    }));
  },
};

export function functionNames(): string[] {
  return readdirSync(SRC, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() && !d.name.startsWith('_') && existsSync(join(SRC, d.name, 'index.ts')),
    )
    .map((d) => d.name)
    .sort();
}

type ReleaseEnv = ReturnType<typeof functionsReleaseEnv>;

export async function buildFunctions(
  names = functionNames(),
  { quiet = false, release }: { quiet?: boolean; release?: ReleaseEnv } = {},
): Promise<void> {
  for (const name of names) {
    // build beside the live folder, then swap it in, so a running emulator never sees half a bundle
    const outDir = join(OUT, name);
    const tmpDir = join(OUT, `.${name}.${process.pid}.tmp`);
    rmSync(tmpDir, { recursive: true, force: true });
    mkdirSync(tmpDir, { recursive: true });
    await build({
      entryPoints: [join(SRC, name, 'index.ts')],
      outfile: join(tmpDir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      tsconfig: join(ROOT, 'tsconfig.json'),
      legalComments: 'none',
      // `npm test` maps coverage of the bundles back to cloudfunctions/ and src/ (not deployed)
      sourcemap: process.env.CRM_FUNCTION_SOURCEMAPS === '1' ? 'linked' : false,
      plugins: [onlyEnglishZodLocale],
      logLevel: 'warning',
    });
    const configPath = join(SRC, name, 'config.json');
    if (existsSync(configPath)) cpSync(configPath, join(tmpDir, 'config.json'));
    else
      writeFileSync(
        join(tmpDir, 'config.json'),
        JSON.stringify({ permissions: { openapi: [] } }, null, 2),
      );
    writeFileSync(
      join(tmpDir, 'package.json'),
      JSON.stringify(
        {
          name,
          version: '1.0.0',
          private: true,
          main: 'index.js',
          dependencies: { 'wx-server-sdk': SDK_VERSION },
        },
        null,
        2,
      ) + '\n',
    );
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmpDir, outDir);
    if (!quiet)
      console.log(
        `  cloudfunction ${name.padEnd(14)} ${(statSync(join(outDir, 'index.js')).size / 1024).toFixed(1)} KB`,
      );
  }
  writeCloudbaseRc(functionNames(), release);
}

/** Function environment variables, filled by the CloudBase CLI from `.env` (never committed). */
const FUNCTION_ENV = [
  'CRM_SCENE_SECRET',
  'CRM_MEMBER_CODE_SECRET',
  'CRM_PII_HASH_SECRET',
  'CRM_TEMPLATE_IDS',
  'CRM_SERVICE_ACCOUNT_APPID',
  'CRM_SERVICE_ACCOUNT_SECRET',
  'CRM_MINIPROGRAM_APPID',
  'CRM_MINIPROGRAM_STATE',
  'CRM_POS_KEYS',
];

/**
 * dist/cloudbaserc.json for the CloudBase CLI: `cd dist && tcb fn deploy --all -e <env>`.
 * Triggers come from each function's config.json, timeouts from cloudfunctions/timeouts.json
 * (WeChat ignores `timeout` in config.json, so it is refused there); the emulator reads
 * this same file, so what runs locally is what is deployed. A release build writes the
 * checked environment id, template ids and miniprogramState.
 */
function writeCloudbaseRc(names: string[], release?: ReleaseEnv) {
  const timeouts = JSON.parse(readFileSync(join(SRC, 'timeouts.json'), 'utf8')) as {
    default: number;
    functions: Record<string, number>;
  };
  checkTimeout('cloudfunctions/timeouts.json → default', timeouts.default);
  for (const listed of Object.keys(timeouts.functions))
    if (!names.includes(listed))
      throw new Error(`cloudfunctions/timeouts.json: no function named "${listed}"`);
  const fixed: Record<string, string> = release
    ? { CRM_TEMPLATE_IDS: release.templateIds, CRM_MINIPROGRAM_STATE: release.miniprogramState }
    : {};
  const functions = names.map((name) => {
    const config = JSON.parse(readFileSync(join(OUT, name, 'config.json'), 'utf8')) as {
      timeout?: number;
      triggers?: { name: string; type: string; config: string }[];
    };
    if (config.timeout !== undefined)
      throw new Error(
        `cloudfunctions/${name}/config.json: WeChat ignores "timeout" there; declare it in cloudfunctions/timeouts.json`,
      );
    return {
      name,
      timeout: checkTimeout(
        `cloudfunctions/timeouts.json → ${name}`,
        timeouts.functions[name] ?? timeouts.default,
      ),
      runtime: 'Nodejs16.13',
      installDependency: true,
      handler: 'index.main',
      envVariables: Object.fromEntries(FUNCTION_ENV.map((k) => [k, fixed[k] ?? `{{env.${k}}}`])),
      ...(config.triggers?.length ? { triggers: config.triggers } : {}),
    };
  });
  const rc = {
    version: '2.0',
    envId: release?.cloudEnv ?? '{{env.CRM_CLOUD_ENV}}',
    functionRoot: './cloudfunctions',
    functions,
  };
  writeFileSync(join(ROOT, 'dist/cloudbaserc.json'), JSON.stringify(rc, null, 2) + '\n');
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when every function bundle is newer than every source it is built from. */
export function functionsUpToDate(names = functionNames()): boolean {
  const sources = Math.max(
    newestMtime(SRC),
    newestMtime(join(ROOT, 'src/domain')),
    newestMtime(join(ROOT, 'src/contracts')),
    statSync(join(ROOT, 'config/releaseEnv.ts')).mtimeMs,
    statSync(join(ROOT, 'config/local-template-ids.json')).mtimeMs,
    statSync(join(ROOT, 'config/service-template-fields.json')).mtimeMs,
    statSync(join(ROOT, 'database/indexes.json')).mtimeMs,
  );
  return names.every(
    (n) =>
      existsSync(join(OUT, n, 'index.js')) &&
      statSync(join(OUT, n, 'index.js')).mtimeMs > sources &&
      (process.env.CRM_FUNCTION_SOURCEMAPS !== '1' || existsSync(join(OUT, n, 'index.js.map'))),
  );
}

if (process.argv[1]?.endsWith('build-functions.ts')) {
  (async () => {
    const release = process.argv.includes('--release')
      ? functionsReleaseEnv(process.env)
      : undefined;
    await buildFunctions(undefined, { release });
  })().catch((e) => {
    console.error(e instanceof Error && e.name === 'ReleaseConfigError' ? e.message : e);
    process.exit(1);
  });
}
