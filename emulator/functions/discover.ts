/**
 * The function bundles the emulator can run: one folder each under the functions directory
 * (`index.js`, `config.json`), with the timeout the deployment gives it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkTimeout, DEFAULT_TIMEOUT_S, readDeployedTimeouts } from './timeouts';

/** What WeChat reads from config.json: permissions and triggers (never `timeout`, see timeouts.ts). */
export type FunctionConfigJson = {
  permissions?: { openapi?: string[] };
  triggers?: { name: string; type: string; config: string }[];
};

export type FunctionSpec = {
  name: string;
  dir: string;
  bundlePath: string;
  config: FunctionConfigJson;
  /** seconds, from the deployed cloudbaserc.json (default 3) or the emulator's override */
  timeoutS: number;
};

export function discoverFunctions(
  functionsDir: string,
  timeoutOverrides: Record<string, number> = {},
): FunctionSpec[] {
  if (!existsSync(functionsDir)) return [];
  const timeouts = readDeployedTimeouts(functionsDir);
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() &&
        !d.name.startsWith('.') &&
        existsSync(join(functionsDir, d.name, 'index.js')),
    )
    .map((d) => {
      const dir = join(functionsDir, d.name);
      const configPath = join(dir, 'config.json');
      const config = existsSync(configPath)
        ? (JSON.parse(readFileSync(configPath, 'utf8')) as FunctionConfigJson)
        : {};
      const override = timeoutOverrides[d.name];
      const timeoutS =
        override !== undefined
          ? checkTimeout(`timeout override for ${d.name}`, override)
          : (timeouts.get(d.name) ?? DEFAULT_TIMEOUT_S);
      return { name: d.name, dir, bundlePath: join(dir, 'index.js'), config, timeoutS };
    });
}
