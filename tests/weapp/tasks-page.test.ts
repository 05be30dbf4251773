/**
 * 回访任务 in the compiled mini-program (subpackage `staff`), against the real `staff`
 * function in the emulator: the workbench's tile opens it, my overdue task leads and is
 * marked, completing it with 未接通 closes it; the pool lists a colleague's task and a claim
 * makes it mine.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DAY_MS, endOfShanghaiDay } from '@/domain/calendar';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { addMember, find } from '../emulator/support/loyalty';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { waitFor } from '../support/waitFor';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
  const now = emu.clock.now();
  const mine = addMember(emu, { name: '王小二', clerkId: clerk.id, homeStoreId: 'S001' });
  const other = addMember(emu, { name: '赵大', clerkId: 'C_OTHER', homeStoreId: 'S001' });
  const base = {
    storeId: 'S001',
    assigneeRole: 'clerk',
    script: null,
    source: { kind: 'manual', createdBy: 'M001' },
    createdAt: now - 20 * DAY_MS,
  };
  emu.database.insertMany('tasks', [
    {
      ...base,
      _id: 'W-late',
      memberId: mine._id,
      assigneeId: clerk.id,
      title: '流失顾客电话回访',
      state: 'open',
      dueAt: endOfShanghaiDay(now - DAY_MS),
    },
    {
      ...base,
      _id: 'W-pooled',
      memberId: other._id,
      assigneeId: 'C_OTHER',
      title: '30天回访',
      state: 'pooled',
      pooledAt: now,
      dueAt: endOfShanghaiDay(now - 8 * DAY_MS),
    },
  ]);
  app = await launchWeapp({ gatewayUrl: emu.url, openid: clerk.openid, distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: 回访任务', () => {
  it('completes my overdue task and claims one from the pool', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-tasks');
    await home.tap('#tool-tasks');
    const page = await app.waitForPage('staff/pages/tasks/index');
    await page.waitFor('.task--overdue');
    expect(page.textOf('.task__member')).toBe('王女士');
    expect(page.textOf('.task__due')).toBe('逾期 1 天');
    await page.tap('.task__action');
    await page.waitFor('.done-sheet');
    await page.tap('.outcome-noAnswer');
    await page.tap('#done-confirm');
    await page.waitForText('已完成回访');
    expect(find(emu, 'tasks', { _id: 'W-late' })[0]).toMatchObject({
      state: 'done',
      outcome: { result: 'noAnswer', note: null },
    });

    await page.tap('#tab-pool');
    await page.waitFor('.task');
    expect(page.textOf('.task__member')).toBe('赵*');
    await page.tap('.task__action');
    await page.waitForText(/已认领/);
    await waitFor(() =>
      expect(find(emu, 'tasks', { _id: 'W-pooled' })[0]).toMatchObject({ state: 'open' }),
    );
  });
});
