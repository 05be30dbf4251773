/**
 * 服务工单 and the member's 满意度评价 in the compiled mini-program, against the real
 * functions in the emulator: the workbench's tile opens the page; the store manager sees the
 * open ticket first with the time taken so far, opens one for a customer found by phone,
 * assigns it to a clerk and resolves it with a note; the customer's card then asks
 * for a rating, which is saved once and the prompt is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { addMember, find, type TestMember } from '../emulator/support/loyalty';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';
import { waitFor } from '../support/waitFor';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;
let member: TestMember;
let walkIn: TestMember;

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  const clerk = seed.clerks[0];
  const now = emu.clock.now();
  member = addMember(emu, { name: '周小舟', clerkId: clerk.id, homeStoreId: 'S001' });
  walkIn = addMember(emu, { name: '吴一凡', clerkId: clerk.id, homeStoreId: 'S001' });
  emu.database.insertMany('tickets', [
    {
      _id: 'TK-old',
      memberId: member._id,
      storeId: 'S001',
      kind: 'complaint',
      title: '香薰机漏水',
      description: '',
      state: 'open',
      openedBy: clerk.id,
      assigneeId: null,
      openedAt: now - 3 * 3_600_000,
      resolvedAt: null,
      resolution: null,
      handlingMs: null,
      rating: null,
    },
  ]);
  app = await launchWeapp({ gatewayUrl: emu.url, openid: seed.managers[0].openid, distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp: 服务工单 and the rating', () => {
  it('opens, assigns and resolves tickets; the member rates the resolved one', async () => {
    const home = await app.reLaunch('staff/pages/home/index');
    await home.waitFor('#tool-tickets');
    await home.tap('#tool-tickets');
    const page = await app.waitForPage('staff/pages/tickets/index');
    await page.waitFor('.ticket--open');
    expect(page.textOf('.ticket__member')).toBe('周女士');
    expect(page.textOf('.ticket__time')).toMatch(/^已用时 3(\.\d)? 小时 · 未指派$/);

    // open one for a customer found by phone
    await page.tap('#ticket-new');
    await page.waitFor('.till-identify__input');
    await page.input('.till-identify__input', walkIn.phone);
    await page.tap('#lookup-member');
    await page.waitFor('.ticket-sheet__member');
    await page.tap('.kind-afterSales');
    await page.input('.ticket-sheet__title', '退换货');
    await page.tap('#ticket-open-confirm');
    await page.waitForText('工单已创建，请指派负责人');
    const opened = find(emu, 'tickets', { memberId: walkIn._id });
    expect(opened).toMatchObject([{ kind: 'afterSales', title: '退换货', state: 'open' }]);

    // assign it to the clerk (the newest open ticket leads the list)
    expect(page.textOf('.ticket__title')).toBe('退换货');
    await page.tap('.ticket__assign');
    await page.waitFor(`#assign-${seed.clerks[0].id}`);
    await page.tap(`#assign-${seed.clerks[0].id}`);
    await page.waitForText(/已指派给/);
    expect(find(emu, 'tickets', { _id: opened[0]._id })[0].assigneeId).toBe(seed.clerks[0].id);

    // resolve it with a note
    await page.tap('.ticket__resolve');
    await page.waitFor('.ticket-sheet__resolution');
    await page.input('.ticket-sheet__resolution', '已上门更换新机');
    await page.tap('#ticket-resolve-confirm');
    await page.waitForText('工单已处理完成，已邀请顾客评价');
    expect(find(emu, 'tickets', { _id: opened[0]._id })[0]).toMatchObject({
      state: 'resolved',
      resolution: '已上门更换新机',
    });

    // the member's card asks for the rating
    app.setOpenid(walkIn.openid);
    const card = await app.reLaunch('pages/card/index');
    await card.waitFor('.rate-ticket');
    expect(card.textOf('.rate-ticket__title')).toBe('您反馈的「退换货」已处理完成');
    await card.tap('#rate-star-5');
    await card.input('.rate-ticket__comment', '上门很及时');
    await card.tap('#rate-submit');
    await card.waitFor('.rate-ticket--done');
    expect(card.exists('.rate-ticket__stars')).toBe(false);
    await waitFor(() =>
      expect(find(emu, 'tickets', { _id: opened[0]._id })[0].rating).toMatchObject({
        score: 5,
        comment: '上门很及时',
      }),
    );
    const again = await app.reLaunch('pages/card/index');
    await again.waitFor('.member-code');
    expect(again.exists('.rate-ticket')).toBe(false);
  });
});
