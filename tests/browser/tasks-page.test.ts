/**
 * 回访任务 in Chromium on the H5 build: a clerk sees their open tasks, the overdue one first
 * and marked 逾期, completes it with an outcome and a note; in 公海池 they see a colleague's
 * task left 7 days past due (the customer masked: not theirs) and claim it, and it is theirs.
 * Screenshots: test-results/screenshots/tasks-mine.png, tasks-done-sheet.png, tasks-pool.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DAY_MS, endOfShanghaiDay } from '../../src/domain/calendar';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { addMember, find } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

function task(over: Record<string, unknown>) {
  const now = emu.clock.now();
  return {
    storeId: 'S001',
    assigneeRole: 'clerk',
    script: null,
    state: 'open',
    source: { kind: 'manual', createdBy: 'M001' },
    createdAt: now - 20 * DAY_MS,
    ...over,
  };
}

describe('h5: follow-up tasks and the shared pool', () => {
  it('lists my tasks overdue first, completes one with an outcome, claims one from the pool', async () => {
    const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
    const now = emu.clock.now();
    const mine = addMember(emu, { name: '张三丰', clerkId: clerk.id, homeStoreId: 'S001' });
    const theirs = addMember(emu, { name: '李小龙', clerkId: 'C_OTHER', homeStoreId: 'S001' });
    emu.database.insertMany('tasks', [
      task({
        _id: 'T-late',
        memberId: mine._id,
        assigneeId: clerk.id,
        title: '30天回访',
        script: '上次买的用得怎么样？',
        dueAt: endOfShanghaiDay(now - 2 * DAY_MS),
      }),
      task({
        _id: 'T-later',
        memberId: mine._id,
        assigneeId: clerk.id,
        title: '生日前电话问候',
        dueAt: endOfShanghaiDay(now + 3 * DAY_MS),
      }),
      task({
        _id: 'T-pooled',
        memberId: theirs._id,
        assigneeId: 'C_OTHER',
        title: '流失顾客电话回访',
        state: 'pooled',
        pooledAt: now - DAY_MS,
        dueAt: endOfShanghaiDay(now - 8 * DAY_MS),
      }),
    ]);

    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: clerk.openid,
      route: 'staff/pages/tasks/index',
    });
    await page.locator('.task').nth(1).waitFor();
    expect(await text(page, '#tab-mine')).toBe('我的回访·逾期1');
    const rows = (await page.locator('.task').allTextContents()).map((t) => t.replace(/\s+/g, ''));
    expect(rows[0]).toContain('张女士');
    expect(rows[0]).toContain('逾期2天');
    expect(rows[0]).toContain('话术：上次买的用得怎么样？');
    expect(rows[1]).toContain('生日前电话问候');
    expect(await page.locator('.task--overdue').count()).toBe(1);
    await shot(page, 'tasks-mine');

    await page.locator('[data-testid="task-T-late"] .task__action').click();
    await page.locator('.done-sheet').waitFor();
    await page.locator('.outcome-contacted').click();
    await page
      .locator('.done-sheet__note textarea, textarea.done-sheet__note')
      .first()
      .fill('周末来店');
    await shot(page, 'tasks-done-sheet', { fullPage: false });
    await page.locator('#done-confirm').click();
    await waitFor(async () => expect(await text(page, '.tasks__notice')).toBe('已完成回访'));
    expect(await page.locator('.task').count()).toBe(1);
    expect(find(emu, 'tasks', { _id: 'T-late' })[0]).toMatchObject({
      state: 'done',
      outcome: { result: 'contacted', note: '周末来店', by: clerk.id },
    });

    await page.locator('#tab-pool').click();
    await page.locator('[data-testid="task-T-pooled"]').waitFor();
    const pooled = await text(page, '[data-testid="task-T-pooled"]');
    expect(pooled).toContain('李*');
    expect(pooled).not.toContain('李小龙');
    await shot(page, 'tasks-pool');
    await page.locator('[data-testid="task-T-pooled"] .task__action').click();
    await waitFor(async () => expect(await text(page, '.tasks__notice')).toMatch(/^已认领/));
    expect(find(emu, 'tasks', { _id: 'T-pooled' })[0]).toMatchObject({
      state: 'open',
      assigneeId: clerk.id,
      claimedBy: clerk.id,
    });
    expect(page.consoleErrors).toEqual([]);
  });
});
