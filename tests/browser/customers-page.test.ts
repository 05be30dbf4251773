/**
 * 我的顾客 and a customer's page in Chromium on the H5 build: a clerk sees their own
 * customers with tags and reasons and the next task, searches by name and filters by last
 * purchase, and opens one in full; a colleague's customer reads masked, and 「查看」 with a
 * reason reveals the phone, which lands in the audit log. The manager sees the store's
 * customers and picks a clerk.
 * Screenshots: test-results/screenshots/customers-list.png, customer-masked.png,
 * customer-reveal-sheet.png, customer-revealed.png, customer-own.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DAY_MS } from '../../src/domain/calendar';
import { shot } from './harness';
import { bootH5, closeH5, isDisabled, squashedText as text, type H5Suite } from './boot';
import { addMember, find, type TestMember } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';

let { emu, seed, chrome } = {} as H5Suite;
let mine: TestMember;
let quiet: TestMember;
let theirs: TestMember;

beforeAll(async () => {
  ({ emu, seed, chrome } = await bootH5());
  const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
  const now = emu.clock.now();
  const own = { clerkId: clerk.id, homeStoreId: 'S001' };
  mine = addMember(emu, {
    ...own,
    name: '张三丰',
    stats: { orderCount: 3, totalSpendFen: 68_800, lastOrderAt: now - 5 * DAY_MS },
    fields: {
      tags: {
        frequency: { value: '高频', reason: '近 30 天消费 3 次', since: 0, ruleVersion: 1 },
        lifecycle: { value: '活跃', reason: '近 90 天消费 3 次', since: 0, ruleVersion: 1 },
      },
      tagKeys: ['frequency:高频', 'lifecycle:活跃'],
      manualTags: ['爱喝茶'],
    },
  });
  quiet = addMember(emu, {
    ...own,
    name: '张小凡',
    stats: { orderCount: 1, lastOrderAt: now - 120 * DAY_MS },
  });
  theirs = addMember(emu, {
    name: '李小龙',
    gender: 'male',
    clerkId: 'C_OTHER',
    homeStoreId: 'S001',
  });
  emu.database.insertMany('tasks', [
    {
      _id: 'B-task',
      memberId: mine._id,
      storeId: 'S001',
      assigneeId: clerk.id,
      assigneeRole: 'clerk',
      title: '30天回访',
      script: null,
      dueAt: now + 2 * DAY_MS,
      state: 'open',
      source: { kind: 'manual', createdBy: 'M001' },
      createdAt: now - DAY_MS,
    },
  ]);
  emu.database.insertMany('orders', [
    {
      _id: 'B-order',
      storeId: 'S002',
      receiptNo: 'B-1',
      memberId: mine._id,
      clerkId: 'C0021',
      lines: [],
      amountFen: 25_800,
      discountFen: 0,
      paidFen: 25_800,
      couponId: null,
      pointsEarned: 258,
      status: 'completed',
      refundedFen: 0,
      source: 'till',
      createdAt: now - 5 * DAY_MS,
    },
  ]);
});

afterAll(() => closeH5({ emu, chrome }));

describe('h5: 我的顾客 and the customer page', () => {
  it('lists, searches and filters my customers and opens one in full', async () => {
    const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: clerk.openid,
      route: 'staff/pages/customers/index',
    });
    await page.locator(`#customer-${quiet._id}`).waitFor();
    const row = await text(page, `#customer-${mine._id}`);
    expect(row).toContain('张女士');
    expect(row).toContain('高频近30天消费3次');
    expect(row).toContain('爱喝茶');
    expect(row).toContain('下次回访：30天回访');
    expect(await page.locator(`#customer-${theirs._id}`).count()).toBe(0);
    await shot(page, 'customers-list');

    await page.locator('.customers__input input').fill('张');
    await page.locator('#customers-search').click();
    await page.locator('#chip-last-2').click(); // 超过90天未购
    await waitFor(async () => {
      expect(await page.locator(`#customer-${mine._id}`).count()).toBe(0);
      expect(await page.locator(`#customer-${quiet._id}`).count()).toBe(1);
    });
    await page.locator('#chip-last-2').click();
    await page.locator(`#customer-${mine._id}`).click();

    await page.locator('#field-phone').waitFor();
    expect(await text(page, '#field-name')).toContain('张三丰');
    expect(await text(page, '#field-phone')).toContain(mine.phone);
    expect(await page.locator('.customer-field__reveal').count()).toBe(0);
    expect(await text(page, '#customer-tags')).toContain('购买频次高频近30天消费3次');
    expect(await text(page, '#timeline')).toContain('徐家汇店消费¥258');
    expect(await text(page, '#timeline')).toContain('回访任务：30天回访');
    await shot(page, 'customer-own');

    await page.locator('.note__new textarea, textarea.note__new').first().fill('喜欢薰衣草香型');
    await page.locator('#add-note').click();
    await page.locator('.note').waitFor();
    await page.locator('.note__edit-link').click();
    await page.locator('.note__edit textarea, textarea.note__edit').first().fill('喜欢茉莉香型');
    await page.locator('.note__save').click();
    await waitFor(async () => expect(await text(page, '.note')).toContain('喜欢茉莉香型'));
    expect(await text(page, '.note')).toContain('王芳');
    expect(await text(page, '.note')).toContain('已编辑1次');
    expect(find(emu, 'memberNotes', { memberId: mine._id })[0]).toMatchObject({
      text: '喜欢茉莉香型',
      history: [expect.objectContaining({ text: '喜欢薰衣草香型' })],
    });
    expect(page.consoleErrors).toEqual([]);
  });

  it("reads a colleague's customer masked, and reveals the phone with a reason (audited)", async () => {
    const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: clerk.openid,
      route: 'staff/pages/customer/index',
      query: { memberId: theirs._id },
    });
    await page.locator('#field-phone').waitFor();
    const masked = `${theirs.phone.slice(0, 3)}****${theirs.phone.slice(-4)}`;
    expect(await text(page, '#field-phone')).toContain(masked);
    expect(await text(page, '#field-name')).toContain('李**');
    expect(await page.content()).not.toContain(theirs.phone);
    expect(await page.content()).not.toContain('小龙');
    await shot(page, 'customer-masked');

    await page.locator('#field-phone .customer-field__reveal').click();
    await page.locator('.reveal-sheet').waitFor();
    await page.locator('.reveal-sheet__reason input').fill('电话回访');
    await shot(page, 'customer-reveal-sheet', { fullPage: false });
    await page.locator('#reveal-confirm').click();
    await waitFor(async () => expect(await text(page, '#field-phone')).toContain(theirs.phone));
    expect(await text(page, '#field-phone')).toContain('已记录查看');
    await shot(page, 'customer-revealed');
    expect(find(emu, 'auditLog', { 'target.id': theirs._id })).toEqual([
      expect.objectContaining({
        action: 'member.reveal',
        actor: expect.objectContaining({ staffId: clerk.id }),
        detail: { field: 'phone', reason: '电话回访' },
      }),
    ]);
    expect(page.consoleErrors).toEqual([]);
  });

  it("shows the manager the store's customers, by clerk", async () => {
    const manager = seed.managers.find((m) => m.storeId === 'S001')!;
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/customers/index',
    });
    await page.locator(`#customer-${theirs._id}`).waitFor();
    expect(await text(page, `#customer-${mine._id}`)).toContain('专属店员：王芳');
    await page.locator('#chips-clerk .customers-chip', { hasText: '王芳' }).click();
    await waitFor(async () => {
      expect(await page.locator(`#customer-${theirs._id}`).count()).toBe(0);
      expect(await page.locator(`#customer-${mine._id}`).count()).toBe(1);
    });
    expect(page.consoleErrors).toEqual([]);
  });
  it("lets the manager adjust a member's points with a reason (audited); a clerk cannot", async () => {
    const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
    const asClerk = await chrome.openApp({
      baseUrl: emu.url,
      openid: clerk.openid,
      route: 'staff/pages/customer/index',
      query: { memberId: quiet._id },
    });
    await asClerk.locator('#field-phone').waitFor();
    expect(await asClerk.locator('#points-adjust').count()).toBe(0);

    const manager = seed.managers.find((m) => m.storeId === 'S001')!;
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/customer/index',
      query: { memberId: quiet._id },
    });
    await page.locator('#points-adjust').click();
    await page.locator('#points-sheet').waitFor();
    await page.locator('#points-deduct').click();
    await page.locator('.points-sheet__amount input').fill('30');
    expect(await text(page, '#points-sheet')).toContain('扣减不能超过会员现有积分');
    expect(await isDisabled(page, '#points-confirm')).toBe(true);
    await page.locator('#points-add').click();
    await page.locator('.points-sheet__amount input').fill('120');
    await page.locator('.points-sheet__reason input').fill('顾客投诉补偿');
    expect(await text(page, '#points-sheet')).toContain('调整后120');
    await shot(page, 'customer-points-sheet', { fullPage: false });
    await page.locator('#points-confirm').click();
    await waitFor(async () =>
      expect(await text(page, '.customer__adjusted')).toContain('积分已调整，现有120积分'),
    );
    expect(find(emu, 'members', { _id: quiet._id })[0].points.balance).toBe(120);
    expect(find(emu, 'auditLog', { action: 'points.adjust', 'target.id': quiet._id })).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ staffId: manager.id }),
        detail: expect.objectContaining({ delta: 120, reason: '顾客投诉补偿', balance: 120 }),
      }),
    ]);
    expect(page.consoleErrors).toEqual([]);
  });
});
