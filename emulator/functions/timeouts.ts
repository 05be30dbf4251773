/**
 * Function timeouts as the platform applies them: WeChat ignores `timeout` in a function's
 * config.json and runs it with the timeout set in the console (default 3 s, at most 60 s).
 * They are declared once, in cloudfunctions/timeouts.json; the build writes them into
 * dist/cloudbaserc.json (what `tcb fn deploy` applies), and the emulator reads that same
 * file beside its functions folder. Anything outside 1–60 whole seconds is refused, as the
 * console refuses it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DEFAULT_TIMEOUT_S = 3;
const MAX_TIMEOUT_S = 60;

/** Throws unless `seconds` is a timeout the console accepts (a whole number, 1–60). */
export function checkTimeout(where: string, seconds: unknown): number {
  if (
    typeof seconds !== 'number' ||
    !Number.isInteger(seconds) ||
    seconds < 1 ||
    seconds > MAX_TIMEOUT_S
  ) {
    throw new Error(
      `${where}: timeout ${JSON.stringify(seconds)} s is not allowed (whole seconds, 1–${MAX_TIMEOUT_S})`,
    );
  }
  return seconds;
}

/** Timeouts by function name from `<functionsDir>/../cloudbaserc.json` (none when absent). */
export function readDeployedTimeouts(functionsDir: string): Map<string, number> {
  const rcPath = join(dirname(functionsDir), 'cloudbaserc.json');
  const out = new Map<string, number>();
  if (!existsSync(rcPath)) return out;
  const rc = JSON.parse(readFileSync(rcPath, 'utf8')) as {
    functions?: { name: string; timeout?: number }[];
  };
  for (const f of rc.functions ?? []) {
    if (f.timeout !== undefined) out.set(f.name, checkTimeout(`${rcPath} → ${f.name}`, f.timeout));
  }
  return out;
}
