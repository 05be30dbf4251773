/**
 * Timer triggers, read from each function's config.json like WeChat cloud does:
 * `{"triggers":[{"name":"daily","type":"timer","config":"0 0 2 * * * *"}]}` — 7 fields
 * (second minute hour day month weekday year) evaluated in UTC+8 (Asia/Shanghai).
 *
 * The scheduler follows the emulator clock: every tick (and right after the clock is
 * moved) each trigger whose next time has come fires once, and its next time is computed
 * from "now". A jump over several occurrences fires once, like a machine waking from sleep.
 */
import { CronExpressionParser } from 'cron-parser';
import type { EmulatorClock } from '../clock';
import type { FunctionSpec, InvocationResult } from '../functions/runner';

export type TimerTrigger = { functionName: string; name: string; cron: string };
export type TimerFiring = {
  functionName: string;
  trigger: string;
  at: number;
  result: InvocationResult;
};

/** Next fire time strictly after `after` for a WeChat 7-field cron, in Asia/Shanghai. */
function nextFireTime(cron: string, after: number): number {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 7) throw new Error(`timer cron must have 7 fields: "${cron}"`);
  const year = fields[6];
  const expr = CronExpressionParser.parse(fields.slice(0, 6).join(' '), {
    currentDate: new Date(after),
    tz: 'Asia/Shanghai',
  });
  for (let i = 0; i < 10_000; i++) {
    const next = expr.next().getTime();
    if (year === '*' || yearMatches(year, next)) return next;
  }
  throw new Error(`timer cron never fires: "${cron}"`);
}

function yearMatches(field: string, ts: number): boolean {
  const y = new Date(ts + 8 * 3600_000).getUTCFullYear();
  return field.split(',').some((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? y === a : y >= a && y <= b;
  });
}

export function triggersOf(specs: FunctionSpec[]): TimerTrigger[] {
  return specs.flatMap((s) =>
    (s.config.triggers ?? [])
      .filter((t) => t.type === 'timer')
      .map((t) => ({ functionName: s.name, name: t.name, cron: t.config })),
  );
}

export function createScheduler(opts: {
  clock: EmulatorClock;
  triggers: () => TimerTrigger[];
  fire: (t: TimerTrigger, at: number) => Promise<InvocationResult>;
  tickMs?: number;
}) {
  const next = new Map<string, number>();
  const history: TimerFiring[] = [];
  let interval: NodeJS.Timeout | null = null;
  const key = (t: TimerTrigger) => `${t.functionName}/${t.name}`;

  async function fireNow(t: TimerTrigger): Promise<TimerFiring> {
    const at = opts.clock.now();
    const result = await opts.fire(t, at);
    const firing = { functionName: t.functionName, trigger: t.name, at, result };
    history.push(firing);
    if (history.length > 200) history.shift();
    return firing;
  }

  /** Fire every trigger that is due at the clock's current time; returns what fired. */
  async function tick(): Promise<TimerFiring[]> {
    const now = opts.clock.now();
    const due: TimerTrigger[] = [];
    for (const t of opts.triggers()) {
      const k = key(t);
      if (!next.has(k)) next.set(k, nextFireTime(t.cron, now));
      if (now >= next.get(k)!) {
        due.push(t);
        next.set(k, nextFireTime(t.cron, now));
      }
    }
    return Promise.all(due.map(fireNow));
  }

  return {
    tick,
    fireNow,
    /** Forget computed next times (after the clock moved backwards or functions changed). */
    rearm() {
      next.clear();
    },
    schedule: () =>
      opts
        .triggers()
        .map((t) => ({ ...t, nextAt: next.get(key(t)) ?? nextFireTime(t.cron, opts.clock.now()) })),
    history: () => [...history],
    start() {
      if (!interval) interval = setInterval(() => void tick(), opts.tickMs ?? 1000);
      interval.unref();
    },
    stop() {
      if (interval) clearInterval(interval);
      interval = null;
    },
  };
}
