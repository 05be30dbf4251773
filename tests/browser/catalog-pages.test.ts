/**
 * 优惠券模板 and 积分商城 in Chromium on the H5 build: HQ makes a 满减 template, is stopped by a
 * 满减 amount above its threshold with the schema's message, sees the coupon as the member's
 * wallet will draw it, saves; makes a reward of it for 150 points, sees it as the mall will;
 * a member's mall then offers it at that cost, and after HQ takes it off, no longer does.
 * A store manager reads both lists and cannot change them. Screenshots:
 * test-results/screenshots/catalog-coupon-form.png, catalog-reward-form.png, catalog-mall.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { shot } from './harness';
import { bootH5, closeH5, isDisabled, squashedText as text, type H5Suite } from './boot';
import { addMember, find } from '../emulator/support/loyalty';
import { waitFor } from '../support/waitFor';

let { emu, seed, chrome } = {} as H5Suite;

beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));

afterAll(() => closeH5({ emu, chrome }));

const FAR = 4_102_444_800_000;

describe('h5: HQ manages coupon templates and the points mall', () => {
  let templateId = '';
  let rewardId = '';

  it('creates a 满减 template with validation and a preview of the coupon', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/coupons/index',
    });
    await page.locator('#tpl-new').waitFor();
    await page.locator('#tpl-new').click();
    await page.locator('[data-testid=tpl-form]').waitFor();
    await page.locator('#tpl-field-name input').fill('年终 满100减20');
    await page.locator('#tpl-kind-threshold').click();
    await page.locator('#tpl-field-amount input').fill('120');
    await page.locator('#tpl-field-threshold input').fill('100');
    await waitFor(async () =>
      expect(await text(page, '[data-testid=tpl-invalid]')).toBe('满减金额不能高于门槛'),
    );
    expect(await text(page, '#tpl-field-amount')).toContain('满减金额不能高于门槛');
    expect(await isDisabled(page, '#tpl-save')).toBe(true);

    await page.locator('#tpl-field-amount input').fill('20');
    await page.locator('#tpl-field-stock input').fill('50');
    await page.locator('#tpl-field-perMemberLimit input').fill('1');
    await page.locator('#tpl-store-S001').click();
    await waitFor(async () =>
      expect(await text(page, '[data-testid=tpl-preview]')).toContain('满100减20'),
    );
    const preview = await text(page, '[data-testid=tpl-preview]');
    expect(preview).toContain('满¥100可用');
    expect(preview).toContain('限指定门店');
    expect(preview).toContain('每人限1张·剩余50');
    await shot(page, 'catalog-coupon-form');

    await waitFor(async () => expect(await isDisabled(page, '#tpl-save')).toBe(false));
    await page.locator('#tpl-save').click();
    await waitFor(async () =>
      expect(await text(page, '[data-testid=tpl-notice]')).toBe(
        '已保存「年终满100减20」，立即生效',
      ),
    );
    const saved = find(emu, 'couponTemplates', { name: '年终 满100减20' });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      kind: 'threshold',
      amountFen: 2_000,
      thresholdFen: 10_000,
      storeIds: ['S001'],
      stock: 50,
      perMemberLimit: 1,
      validity: { type: 'relative', days: 30 },
      active: true,
    });
    templateId = saved[0]._id;
    // the notice comes first; the list re-renders from the reloaded templates after it
    await waitFor(async () =>
      expect(await text(page, `#tpl-${templateId}`)).toContain(
        '满减·满100减20·满¥100可用·限指定门店',
      ),
    );
    expect(
      find(emu, 'auditLog', { action: 'couponTemplate.create', 'target.id': templateId }),
    ).toHaveLength(1);
    expect(page.consoleErrors).toEqual([]);
  });

  it('makes a reward of it; the member mall offers it at that cost; taken off, it is gone', async () => {
    const page = await chrome.openApp({
      baseUrl: emu.url,
      openid: seed.hq.openid,
      route: 'staff/pages/rewards/index',
    });
    await page.locator('#rwd-new').waitFor();
    await page.locator('#rwd-new').click();
    await page.locator('[data-testid=rwd-form]').waitFor();
    await page.locator('#rwd-field-title input').fill('年终满减券');
    await page.locator('#rwd-field-pointsCost input').fill('150');
    await waitFor(async () =>
      expect(await text(page, '[data-testid=rwd-invalid]')).toBe('请选择兑换的优惠券模板'),
    );
    await page.locator(`#rwd-template-${templateId}`).click();
    await waitFor(async () =>
      expect(await text(page, '[data-testid=rwd-preview]')).toContain('150积分'),
    );
    expect(await text(page, '[data-testid=rwd-preview]')).toContain('年终满减券');
    expect(await text(page, '[data-testid=rwd-preview]')).toContain('满¥100可用·限指定门店');
    await shot(page, 'catalog-reward-form');
    await page.locator('#rwd-save').click();
    await waitFor(async () =>
      expect(await text(page, '[data-testid=rwd-notice]')).toContain('已保存「年终满减券」'),
    );
    const reward = find(emu, 'rewards', { title: '年终满减券' });
    expect(reward[0]).toMatchObject({
      kind: 'coupon',
      couponTemplateId: templateId,
      pointsCost: 150,
      active: true,
    });
    rewardId = reward[0]._id;

    const member = addMember(emu, { lots: [{ points: 400, expiresAt: FAR }] });
    const mall = await chrome.openApp({
      baseUrl: emu.url,
      openid: member.openid,
      route: 'pages/mall/index',
    });
    await mall.locator(`#redeem-${rewardId}`).waitFor();
    const card = mall.locator('[data-testid=reward]', { hasText: '年终满减券' });
    expect(((await card.textContent()) ?? '').replace(/\s+/g, '')).toContain('150积分');
    await shot(mall, 'catalog-mall');

    await page.locator(`#rwd-${rewardId} .rwd-toggle`).click();
    await waitFor(async () =>
      expect(await text(page, '[data-testid=rwd-notice]')).toBe('已下架「年终满减券」'),
    );
    await waitFor(async () => expect(await text(page, `#rwd-${rewardId}`)).toContain('已下架'));
    await mall.reload();
    await mall.locator('[data-testid=mall-balance]').waitFor();
    await waitFor(async () => expect(await mall.locator(`#redeem-${rewardId}`).count()).toBe(0));
    expect(page.consoleErrors).toEqual([]);
  });

  it('a store manager reads both lists and cannot change them', async () => {
    const manager = seed.managers[0];
    const coupons = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/coupons/index',
    });
    await coupons.locator(`#tpl-${templateId}`).waitFor();
    expect(await text(coupons, '.catalog__head')).toContain('仅总部可修改');
    expect(await coupons.locator('#tpl-new').count()).toBe(0);
    expect(await coupons.locator('.tpl-edit').count()).toBe(0);
    const rewards = await chrome.openApp({
      baseUrl: emu.url,
      openid: manager.openid,
      route: 'staff/pages/rewards/index',
    });
    await rewards.locator(`#rwd-${rewardId}`).waitFor();
    expect(await rewards.locator('.rwd-toggle').count()).toBe(0);
  });
});
