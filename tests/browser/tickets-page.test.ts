/**
 * 服务工单 in Chromium on the H5 build: the store manager sees the store's tickets, the open
 * one first with the time taken so far and the resolved one with its handling time; opens a
 * ticket for a customer found by phone, resolves the open one with a note; the customer's
 * member card then asks for a satisfaction rating, which is saved and the prompt is gone.
 * Screenshots: test-results/screenshots/tickets-list.png, tickets-open-sheet.png,
 * card-rate-ticket.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { addMember, find } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

const HOUR = 3_600_000;

function ticket(over: Record<string, unknown>) {
  return {
    storeId: 'S001',
    kind: 'complaint',
    description: '',
    state: 'open',
    openedBy: seed.clerks[0].id,
    assigneeId: seed.clerks[0].id,
    resolvedAt: null,
    resolution: null,
    handlingMs: null,
    rating: null,
    ...over,
  };
}

describe('h5: service tickets and the member’s rating', () => {
  it('lists open first with handling time, opens and resolves one; the member rates it', async () => {
    const manager = seed.managers[0];
    const clerk = seed.clerks[0];
    const now = emu.clock.now();
    const member = addMember(emu, { name: '孙悦', clerkId: clerk.id, homeStoreId: 'S001' });
    const walkIn = addMember(emu, { name: '钱多多', clerkId: clerk.id, homeStoreId: 'S001' });
    emu.database.insertMany('tickets', [
      ticket({
        _id: 'B-open',
        memberId: member._id,
        title: '收银少找零',
        description: '顾客反映找零少了 10 元',
        openedAt: now - 6 * HOUR,
      }),
      ticket({
        _id: 'B-done',
        memberId: walkIn._id,
        kind: 'afterSales',
        title: '扫地机退货',
        state: 'resolved',
        openedAt: now - 2 * 24 * HOUR,
        resolvedAt: now - 2 * 24 * HOUR + 7.5 * HOUR,
        resolution: '已办理退货',
        handlingMs: 7.5 * HOUR,
        rating: { score: 4, comment: '还不错', at: now - 24 * HOUR },
      }),
    ]);

    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/tickets/index',
    });
    await page.locator('.ticket').nth(1).waitFor();
    const rows = (await page.locator('.ticket').allTextContents()).map((t) =>
      t.replace(/\s+/g, ''),
    );
    expect(rows[0]).toContain('孙女士');
    expect(rows[0]).toMatch(/已用时6(\.\d)?小时·负责人王芳/);
    expect(rows[1]).toContain('处理用时7.5小时');
    expect(rows[1]).toContain('顾客评价★★★★·还不错');
    await shot(page, 'tickets-list');

    await page.locator('#ticket-new').click();
    await page.locator('.till-identify__input input').fill(walkIn.phone);
    await page.locator('#lookup-member').click();
    await page.locator('.ticket-sheet__member').waitFor();
    await page.locator('.ticket-sheet__kinds .kind-afterSales').click();
    await page
      .locator('.ticket-sheet__title input, input.ticket-sheet__title')
      .first()
      .fill('换货');
    await shot(page, 'tickets-open-sheet', { fullPage: false });
    await page.locator('#ticket-open-confirm').click();
    await waitFor(async () =>
      expect(await text(page, '.tickets__notice')).toBe('工单已创建，请指派负责人'),
    );
    expect(find(emu, 'tickets', { memberId: walkIn._id, state: 'open' })).toHaveLength(1);

    await page.locator('[data-testid="ticket-B-open"] .ticket__resolve').click();
    await page
      .locator('.ticket-sheet__resolution textarea, textarea.ticket-sheet__resolution')
      .first()
      .fill('已退还 10 元并致歉');
    await page.locator('#ticket-resolve-confirm').click();
    await waitFor(async () =>
      expect(await text(page, '.tickets__notice')).toBe('工单已处理完成，已邀请顾客评价'),
    );
    expect(find(emu, 'tickets', { _id: 'B-open' })[0]).toMatchObject({ state: 'resolved' });
    expect(page.consoleErrors).toEqual([]);

    const card = await chrome.openApp({
      baseUrl: emu.url,
      openid: member.openid,
      route: 'pages/card/index',
    });
    await card.locator('[data-testid="rate-ticket"]').waitFor();
    expect(await text(card, '.rate-ticket__title')).toBe('您反馈的「收银少找零」已处理完成');
    await card.locator('#rate-star-4').click();
    await card
      .locator('.rate-ticket__comment textarea, textarea.rate-ticket__comment')
      .first()
      .fill('处理很快');
    await shot(card, 'card-rate-ticket', { fullPage: false });
    await card.locator('#rate-submit').click();
    await card.locator('[data-testid="rate-thanks"]').waitFor();
    expect(find(emu, 'tickets', { _id: 'B-open' })[0].rating).toMatchObject({
      score: 4,
      comment: '处理很快',
    });
    await card.reload();
    await card.locator('[data-testid="member-code"]').waitFor();
    expect(await card.locator('[data-testid="rate-ticket"]').count()).toBe(0);
    expect(card.consoleErrors).toEqual([]);
  });
});
