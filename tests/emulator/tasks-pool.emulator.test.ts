/**
 * Follow-up tasks on the emulator's clock: a task by hand goes overdue after its day (the
 * clerk is reminded once that day), into the store's pool 7 days after its due time (the
 * sweep reads only what it moves), is claimed by one of 20 clerks firing at once (with the
 * customer, by setting), and completed with an outcome, idempotently.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { DAY_MS, shanghaiTime } from '../../src/domain/calendar';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { TaskView } from '../../src/contracts/tasks';
import type { TasksRunResult } from '../../cloudfunctions/tasks/index';
import { addMember, find } from './support/loyalty';
import { fireTimer } from './support/tags';

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

let emu: TestEmulator;
let seed: MinimalSeed;
let clerk: MinimalSeed['clerks'][number]; // C0011, S001
let manager: MinimalSeed['managers'][number];
let otherStore: MinimalSeed['clerks'][number];
const extraClerks = Array.from({ length: 20 }, (_, i) => ({
  id: `CX${String(i).padStart(2, '0')}`,
  openid: `o_test_extra_${i}`,
}));

const T0 = shanghaiTime(2026, 12, 1, 10);
const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('staff', { action, ...input }, openid);
const ok = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
};

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: T0 });
  seed = await emu.seedMinimal();
  clerk = seed.clerks[0];
  otherStore = seed.clerks[1];
  manager = seed.managers[0];
  emu.database.insertMany(
    'staff',
    extraClerks.map((c) => ({
      _id: c.id,
      name: `店员${c.id}`,
      role: 'clerk',
      storeId: clerk.storeId,
      openid: c.openid,
      active: true,
      createdAt: 0,
    })),
  );
  emu.database.insertMany('settings', [
    { _id: 'loyalty', tasks: { poolDays: 7, poolClaimTakesCustomer: true } },
  ]);
});
afterAll(async () => {
  await emu?.stop();
});

describe('a follow-up task through overdue, the pool, a claim and its outcome', () => {
  let member: ReturnType<typeof addMember>;
  let task: TaskView;

  it('a clerk creates one by hand for their customer; a retry creates nothing more', async () => {
    member = addMember(emu, { clerkId: clerk.id, homeStoreId: clerk.storeId, name: '张三丰' });
    const input = {
      memberId: member._id,
      dueDate: '2026-12-02',
      title: '新品到店回访',
      script: '张女士您好，新品已到店',
      requestId: 'req-00000001',
    };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        staff<{ task: TaskView; created: boolean }>('createTask', input, clerk.openid),
      ),
    );
    expect(replies.map(ok).filter((r) => r.created)).toHaveLength(1);
    task = ok(replies[0]).task;
    expect(task).toMatchObject({
      memberDisplayName: '张女士',
      dueDate: '2026-12-02',
      state: 'open',
      overdue: false,
      source: 'manual',
    });
    expect(find(emu, 'tasks', { memberId: member._id })).toHaveLength(1);
    const past = await staff(
      'createTask',
      { ...input, dueDate: '2026-11-30', requestId: 'req-00000002' },
      clerk.openid,
    );
    expect(past).toMatchObject({ ok: false, error: { code: 'TASK.DUE_IN_PAST' } });
  });

  it('goes overdue the next Shanghai day; the clerk is reminded once that day', async () => {
    emu.clock.set(shanghaiTime(2026, 12, 3, 9));
    const mine = ok(
      await staff<{ tasks: TaskView[]; overdue: number }>('listMyTasks', {}, clerk.openid),
    );
    expect(mine.overdue).toBe(1);
    expect(mine.tasks[0]).toMatchObject({ id: task.id, overdue: true, overdueDays: 1 });

    const first = await fireTimer<TasksRunResult>(emu, 'tasks');
    expect(first.result.sweep).toMatchObject({ moved: 0, complete: true });
    expect(first.result.remind).toMatchObject({ reminded: 1, complete: true });
    const second = await fireTimer<TasksRunResult>(emu, 'tasks');
    expect(second.result.remind.reminded).toBe(0);
    const reminders = find(emu, 'staffReminders', { staffId: clerk.id, kind: 'overdueTasks' });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      _id: `overdueTasks:${clerk.id}:2026-12-03`,
      body: '您有 1 条回访任务已逾期，超过 7 天未跟进将进入公海池。',
    });
  });

  it('stays with the clerk 6 days after its day, goes to the pool on the 7th', async () => {
    emu.clock.set(shanghaiTime(2026, 12, 9, 9));
    const notYet = await fireTimer<TasksRunResult>(emu, 'tasks');
    expect(notYet.result.sweep.moved).toBe(0);
    expect(find(emu, 'tasks', { _id: task.id })[0].state).toBe('open');

    emu.clock.set(shanghaiTime(2026, 12, 10, 9));
    const run = await fireTimer<TasksRunResult>(emu, 'tasks');
    expect(run.result.sweep).toMatchObject({ moved: 1, read: 1, complete: true });
    expect(find(emu, 'tasks', { _id: task.id })[0]).toMatchObject({ state: 'pooled' });
    const mine = ok(await staff<{ tasks: TaskView[] }>('listMyTasks', {}, clerk.openid));
    expect(mine.tasks).toHaveLength(0);
  });

  it('the store sees it in the pool, masked for a clerk who does not own the customer', async () => {
    const pool = ok(await staff<{ tasks: TaskView[] }>('listPool', {}, extraClerks[0].openid));
    expect(pool.tasks.map((t) => t.id)).toEqual([task.id]);
    expect(pool.tasks[0].memberDisplayName).toBe('张**');
    const elsewhere = ok(await staff<{ tasks: TaskView[] }>('listPool', {}, otherStore.openid));
    expect(elsewhere.tasks).toHaveLength(0);
    const foreign = await staff('claimTask', { taskId: task.id }, otherStore.openid);
    expect(foreign).toMatchObject({ ok: false, error: { code: 'COMMON.NOT_FOUND' } });
  });

  it('20 clerks claim at once: one wins, and the customer moves to them', async () => {
    const replies = await Promise.all(
      extraClerks.map((c) =>
        staff<{ task: TaskView; customerMoved: boolean }>(
          'claimTask',
          { taskId: task.id },
          c.openid,
        ),
      ),
    );
    const winners = replies.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok))
      expect(r).toMatchObject({ ok: false, error: { code: 'TASK.NOT_POOLED' } });
    const won = ok(winners[0]);
    expect(won.customerMoved).toBe(true);
    const stored = find(emu, 'tasks', { _id: task.id })[0];
    expect(stored).toMatchObject({ state: 'open', assigneeId: stored.claimedBy });
    expect(find(emu, 'members', { _id: member._id })[0].clerkId).toBe(stored.claimedBy);
    const history = find(emu, 'ownerHistory', { memberId: member._id });
    expect(history).toEqual([
      expect.objectContaining({
        why: 'poolClaim',
        previousClerkId: clerk.id,
        clerkId: stored.claimedBy,
      }),
    ]);
    // due by the end of the claim's day: not overdue, not back in the pool on the next run
    expect(won.task).toMatchObject({ dueDate: '2026-12-10', overdue: false });
    expect((await fireTimer<TasksRunResult>(emu, 'tasks')).result.sweep.moved).toBe(0);
  });

  it('is completed by its new assignee, once; the former clerk may not', async () => {
    const winner = find(emu, 'tasks', { _id: task.id })[0].claimedBy as string;
    const openid = extraClerks.find((c) => c.id === winner)!.openid;
    const former = await staff(
      'completeTask',
      { taskId: task.id, result: 'contacted' },
      clerk.openid,
    );
    expect(former).toMatchObject({ ok: false, error: { code: 'TASK.NOT_YOURS' } });
    const input = { taskId: task.id, result: 'visited', note: '已到店试用' };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => staff<{ task: TaskView }>('completeTask', input, openid)),
    );
    for (const r of replies)
      expect(ok(r).task).toMatchObject({
        state: 'done',
        outcome: { result: 'visited', label: '已到店', note: '已到店试用' },
      });
    const other = await staff('completeTask', { ...input, result: 'noAnswer' }, openid);
    expect(other).toMatchObject({ ok: false, error: { code: 'TASK.ALREADY_DONE' } });
    const byManager = await staff('completeTask', input, manager.openid);
    expect(byManager.ok).toBe(true);
  });
});

describe('the sweep costs what it moves', () => {
  it('reads only the tasks it moves, whatever else the store holds', async () => {
    const now = emu.clock.now();
    const mk = (i: number, dueAt: number, state = 'open') => ({
      _id: `bulk:${i}`,
      memberId: `m-bulk-${i}`,
      storeId: 'S002',
      assigneeId: null,
      assigneeRole: 'manager',
      title: '回访',
      script: null,
      dueAt,
      state,
      source: { kind: 'manual', createdBy: 'M' },
      createdAt: 0,
    });
    emu.database.insertMany('tasks', [
      ...Array.from({ length: 300 }, (_, i) => mk(i, now + DAY_MS)), // not due yet
      ...Array.from({ length: 200 }, (_, i) => mk(300 + i, now - 30 * DAY_MS, 'done')),
      ...Array.from({ length: 150 }, (_, i) => mk(500 + i, now - 8 * DAY_MS)), // to the pool
    ]);
    const run = await fireTimer<TasksRunResult>(emu, 'tasks');
    expect(run.result.sweep).toEqual({ moved: 150, read: 150, complete: true });
    expect(find(emu, 'tasks', { storeId: 'S002', state: 'pooled' })).toHaveLength(150);
  });
});
