/**
 * 操作日志 in Chromium on the H5 build: HQ reads the chain's audit log newest first — a
 * reveal of a member's phone with its reason, a refund — with who did it, and filters it
 * by action. Screenshot: test-results/screenshots/audit-log.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, squashedText as text, type H5Suite } from './boot';
import { addMember, data } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult } from '../../src/contracts/staff';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

describe('h5: HQ reads the audit log', () => {
  it('lists a reveal and a refund with their actors, and filters by action', async () => {
    const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
    const other = seed.clerks.find((c) => c.storeId === 'S002')!;
    const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
      emu.call<Reply<T>>('staff', { action, ...input }, openid);
    const m = addMember(emu, { name: '张三', clerkId: clerk.id, homeStoreId: 'S001' });
    data(
      await staff(
        'revealMemberField',
        { memberId: m._id, field: 'phone', reason: '核对跨店订单' },
        other.openid,
      ),
    );
    const order = data(
      await staff<PurchaseResult>(
        'recordPurchase',
        {
          memberId: m._id,
          receiptNo: 'AUDIT-1',
          lines: [{ category: '家居清洁', quantity: 1, amountFen: 5_000 }],
        },
        clerk.openid,
      ),
    );
    data(
      await staff('refund', { orderId: order.orderId, requestId: 'audit-page-1' }, clerk.openid),
    );

    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/audit/index',
    });
    await page.locator('.audit__entry').nth(1).waitFor();
    const rows = (await page.locator('.audit__entry').allTextContents()).map((t) =>
      t.replace(/\s+/g, ''),
    );
    expect(rows[0]).toContain(`订单${order.orderId}退款¥50`);
    expect(rows[0]).toContain(`${clerk.name}（店员）`);
    expect(rows[1]).toContain(`查看会员${m._id}的完整手机号（原因：核对跨店订单）`);
    expect(rows[1]).toContain(`${other.name}（店员）`);
    await shot(page, 'audit-log');

    await page.locator('#audit-filter-member-reveal').click();
    await waitFor(async () => expect(await page.locator('.audit__entry').count()).toBe(1));
    expect(await text(page, '.audit__entry')).toContain('原因：核对跨店订单');
    expect(page.consoleErrors).toEqual([]);
  });
});
