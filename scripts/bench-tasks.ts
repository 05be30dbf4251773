/**
 * Follow-up task bench row `tasks.pool` (`npm run bench` prints it; `tsx scripts/bench-tasks.ts
 * [--quick]` alone): 100,000 members and 20,000 tasks across the three stores (10% a week
 * past due, 15% overdue, the rest done or not due yet), bulk-loaded into a private emulator;
 * the tasks timer runs until its sweep and reminders are done. Figures: documents read per
 * task moved to the pool, invocations, requests; and a page of the pool (requests).
 */
import type { Emulator } from '../emulator';
import { DAY_MS } from '../src/domain/calendar';
import type { TasksRunResult } from '../cloudfunctions/tasks/index';
import { benchMain, withBenchEmulator } from './benchEmulator';

export type TaskBenchRow = { row: string; figure: string; detail: string };

const STORES = ['S001', 'S002', 'S003'];
const CLERKS = ['C0011', 'C0021', 'C0031'];

function load(emu: Emulator, members: number, tasks: number, now: number) {
  const docs = Array.from({ length: members }, (_, i) => ({
    _id: `tm${String(i).padStart(6, '0')}`,
    memberNo: 500_000 + i,
    phone: `139${String(i).padStart(8, '0')}`,
    name: '张三丰',
    gender: 'female',
    homeStoreId: STORES[i % 3],
    clerkId: CLERKS[i % 3],
    status: 'active',
    createdAt: 0,
  }));
  emu.database.insertMany('members', docs);
  const taskDocs = Array.from({ length: tasks }, (_, i) => {
    const kind = i % 20; // 0-1: a week past due, 2-4: overdue, 5-9: done, else not due yet
    const dueAt =
      kind < 2
        ? now - 8 * DAY_MS
        : kind < 5
          ? now - 2 * DAY_MS
          : kind < 10
            ? now - 30 * DAY_MS
            : now + 3 * DAY_MS;
    return {
      _id: `tt${String(i).padStart(6, '0')}`,
      memberId: docs[(i * 7) % members]._id,
      storeId: STORES[i % 3],
      assigneeId: CLERKS[i % 3],
      assigneeRole: 'clerk',
      title: '回访',
      script: null,
      dueAt,
      state: kind >= 5 && kind < 10 ? 'done' : 'open',
      source: { kind: 'manual', createdBy: CLERKS[i % 3] },
      createdAt: now - 40 * DAY_MS,
    };
  });
  emu.database.insertMany('tasks', taskDocs);
  return taskDocs.filter((t) => t.state === 'open' && t.dueAt <= now - 7 * DAY_MS).length;
}

async function benchTasks(emu: Emulator, members: number, tasks: number): Promise<TaskBenchRow[]> {
  const now = emu.clock.now();
  const due = load(emu, members, tasks, now);
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'tasks')!;
  const runs: { result: TasksRunResult; requests: number; ms: number }[] = [];
  for (;;) {
    const out = (await emu.scheduler.fireNow(trigger)).result;
    if (!out.ok) throw new Error(`tasks: ${out.errCode} ${out.errMsg}`);
    const result = out.result as TasksRunResult;
    runs.push({ result, requests: emu.stats.get(out.invocationId).total, ms: out.ms });
    if (result.sweep.complete && result.remind.complete) break;
    emu.clock.advance(10 * 60_000);
  }
  const moved = runs.reduce((s, r) => s + r.result.sweep.moved, 0);
  const read = runs.reduce((s, r) => s + r.result.sweep.read, 0);
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const page = await emu.invoke(
    'staff',
    { action: 'listPool', limit: 20 },
    { openid: 'o_test_clerk_S001', source: 'wx_client' },
  );
  if (!page.ok) throw new Error(`listPool: ${page.errCode}`);
  return [
    {
      row: 'tasks.pool',
      figure: `${(read / Math.max(1, moved)).toFixed(2)} documents read per task moved (${read} read, ${moved} moved of ${tasks})`,
      detail: `${members} members, ${due} due for the pool; ${runs.length} invocation(s), ${requests} requests, longest ${Math.max(...runs.map((r) => r.ms))} ms; reminders ${runs.reduce((s, r) => s + r.result.remind.reminded, 0)}`,
    },
    {
      row: 'tasks.pool (page)',
      figure: `${emu.stats.get(page.invocationId).total} requests for 20 pooled tasks`,
      detail: 'listPool: the caller, the page on (storeId, state, dueAt), settings, the members',
    },
  ];
}

/** Its own emulator: the counts need a clean tasks collection. */
export const runTaskBench = (quick: boolean): Promise<TaskBenchRow[]> =>
  withBenchEmulator('tasks', (emu) =>
    quick ? benchTasks(emu, 20_000, 4_000) : benchTasks(emu, 100_000, 20_000),
  );

if (process.argv[1]?.endsWith('bench-tasks.ts')) benchMain('follow-up tasks', runTaskBench);
