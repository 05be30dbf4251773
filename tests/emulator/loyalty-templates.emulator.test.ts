/**
 * Coupon templates' own limits, enforced in the one issuing path (`issueFromTemplate`)
 * through the real SDK: total stock never oversells, the per-member limit holds under
 * concurrency, a retried issueKey takes nothing twice, and a points-mall reward whose
 * template has run out refuses the redemption without taking points.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../cloudfunctions/_shared/db';
import { ids } from '../../cloudfunctions/_shared/runtime';
import {
  couponSpecOf,
  issueFromTemplate,
  issueCoupon,
} from '../../cloudfunctions/_shared/repos/coupons';
import { amountOffTemplate } from '../../src/domain/chainCoupons';
import type { CouponTemplate } from '../../src/domain/coupons';
import type { Reply } from '../../src/contracts/reply';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { PROJECT_INDEXES, startHarness, type Harness } from './support/sdk';
import { addMember, counts, FUNCTION_ENV, find } from './support/loyalty';

const NOW = Date.UTC(2026, 10, 15, 4);
const terms = (over: Partial<CouponTemplate> = {}): CouponTemplate => ({
  ...amountOffTemplate(1_000, 30),
  perMemberLimit: null,
  stock: null,
  ...over,
});

const codeOf = (e: unknown) => (e as { code?: string }).code;

describe('issueFromTemplate', () => {
  let h: Harness;
  let db: Database;
  beforeAll(async () => {
    h = await startHarness({ indexes: PROJECT_INDEXES });
    db = h.db as Database;
  });
  afterAll(async () => {
    await h?.close({ remove: true });
  });

  function addTemplate(_id: string, over: Partial<CouponTemplate>): CouponTemplate {
    const t = terms(over);
    h.engine.insertMany('couponTemplates', [{ _id, name: _id, ...t, createdAt: NOW }]);
    return t;
  }
  const issue = (templateId: string, template: CouponTemplate, memberId: string, key: string) =>
    issueFromTemplate(db, ids, {
      memberId,
      templateId,
      template,
      issueKey: key,
      now: NOW,
      source: 'campaign',
    });
  const settle = (calls: Promise<unknown>[]) =>
    Promise.allSettled(calls).then((rs) => ({
      ok: rs.filter((r) => r.status === 'fulfilled').length,
      errors: rs.flatMap((r) => (r.status === 'rejected' ? [codeOf(r.reason)] : [])),
    }));
  const stockOf = (id: string) => h.engine.find('couponTemplates', { _id: id })[0].stock;

  it('50 concurrent issues from a template with stock 5 give exactly 5 coupons, stock 0', async () => {
    const t = addTemplate('tpl-stock5', { stock: 5 });
    const out = await settle(
      Array.from({ length: 50 }, (_v, i) => issue('tpl-stock5', t, `m-s${i}`, `camp:s5:${i}`)),
    );
    expect(out.ok).toBe(5);
    expect(out.errors).toEqual(Array.from({ length: 45 }, () => 'COUPON.OUT_OF_STOCK'));
    expect(h.engine.count('coupons', { templateId: 'tpl-stock5' })).toBe(5);
    expect(stockOf('tpl-stock5')).toBe(0);
  });

  it('10 concurrent issues for one member under perMemberLimit 2 give exactly 2', async () => {
    const t = addTemplate('tpl-lim2', { perMemberLimit: 2 });
    const out = await settle(
      Array.from({ length: 10 }, (_v, i) => issue('tpl-lim2', t, 'm-lim', `camp:lim:${i}`)),
    );
    expect(out.ok).toBe(2);
    expect(out.errors).toEqual(Array.from({ length: 8 }, () => 'COUPON.LIMIT_REACHED'));
    const mine = h.engine.find('coupons', { templateId: 'tpl-lim2', memberId: 'm-lim' });
    expect(mine.map((c) => c.limitKey).sort()).toEqual([
      'tpl:tpl-lim2:m-lim:1',
      'tpl:tpl-lim2:m-lim:2',
    ]);
    // another member has slots of their own
    await expect(issue('tpl-lim2', t, 'm-other', 'camp:lim:other')).resolves.toMatchObject({
      limitKey: 'tpl:tpl-lim2:m-other:1',
    });
  });

  it('limit and stock together: refused issues give their unit back', async () => {
    const t = addTemplate('tpl-both', { perMemberLimit: 1, stock: 3 });
    const out = await settle(
      Array.from({ length: 6 }, (_v, i) => issue('tpl-both', t, 'm-both', `camp:both:${i}`)),
    );
    expect(out.ok).toBe(1);
    // a racer may briefly see the units held by others who then give them back
    for (const code of out.errors)
      expect(['COUPON.LIMIT_REACHED', 'COUPON.OUT_OF_STOCK']).toContain(code);
    expect(out.errors).toContain('COUPON.LIMIT_REACHED');
    expect(stockOf('tpl-both')).toBe(2);
  });

  it('a retried issueKey takes no second unit and no second slot', async () => {
    const t = addTemplate('tpl-retry', { perMemberLimit: 3, stock: 10 });
    const first = await issue('tpl-retry', t, 'm-r', 'camp:retry:1');
    expect(first).toMatchObject({ issueKey: 'camp:retry:1', limitKey: 'tpl:tpl-retry:m-r:1' });
    const again = await Promise.all([
      issue('tpl-retry', t, 'm-r', 'camp:retry:1'),
      issue('tpl-retry', t, 'm-r', 'camp:retry:1'),
      issue('tpl-retry', t, 'm-r', 'camp:retry:1'),
    ]);
    expect(again).toEqual([null, null, null]);
    expect(h.engine.count('coupons', { issueKey: 'camp:retry:1' })).toBe(1);
    expect(stockOf('tpl-retry')).toBe(9);
    // the slots 2 and 3 are still free
    await issue('tpl-retry', t, 'm-r', 'camp:retry:2');
    await issue('tpl-retry', t, 'm-r', 'camp:retry:3');
    expect(stockOf('tpl-retry')).toBe(7);
    // a retry after the limit and after the stock ran out still answers "already issued"
    await expect(issue('tpl-retry', t, 'm-r', 'camp:retry:1')).resolves.toBeNull();
    await db
      .collection('couponTemplates')
      .doc('tpl-retry')
      .update({ data: { stock: 0 } });
    await expect(issue('tpl-retry', t, 'm-r', 'camp:retry:2')).resolves.toBeNull();
    await expect(issue('tpl-retry', t, 'm-r', 'camp:retry:4')).rejects.toMatchObject({
      code: 'COUPON.OUT_OF_STOCK',
    });
  });

  it('a template switched off by HQ issues nothing and takes no unit (the automations and the mall)', async () => {
    const t = addTemplate('tpl-off', { stock: 3, active: false });
    await expect(issue('tpl-off', t, 'm-off', 'camp:off:1')).rejects.toMatchObject({
      code: 'COUPON.TEMPLATE_INACTIVE',
    });
    expect(h.engine.count('coupons', { templateId: 'tpl-off' })).toBe(0);
    expect(stockOf('tpl-off')).toBe(3);
  });

  it('sets limitKey = issueKey on coupons without a limit (issueCoupon and unlimited templates)', async () => {
    const t = addTemplate('tpl-free', {});
    const a = await issue('tpl-free', t, 'm-f', 'camp:free:1');
    const b = await issue('tpl-free', t, 'm-f', 'camp:free:2');
    expect([a?.limitKey, b?.limitKey]).toEqual(['camp:free:1', 'camp:free:2']);
    const gift = await issueCoupon(db, ids, {
      memberId: 'm-f',
      issueKey: 'newMember:m-f',
      now: NOW,
      spec: couponSpecOf(
        'newMember',
        amountOffTemplate(1_000, 30),
        { validFrom: NOW, validUntil: NOW + 1 },
        'signup',
      ),
    });
    expect(gift?.limitKey).toBe('newMember:m-f');
  });
});

describe('points mall rewards of a limited template', () => {
  let emu: TestEmulator;
  let req = 0;
  const redeem = (openid: string, rewardId: string) =>
    emu.call<Reply<unknown>>(
      'mall',
      { action: 'redeemReward', rewardId, requestId: `tpl-req-${++req}` },
      openid,
    );
  const FAR = 4_102_444_800_000;

  beforeAll(async () => {
    emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
    await emu.seedMinimal();
    const now = emu.clock.now();
    emu.database.insertMany('couponTemplates', [
      { _id: 'tpl-empty', name: '已发完', ...terms({ stock: 0 }), createdAt: now },
      { _id: 'tpl-one', name: '限量 1', ...terms({ stock: 1 }), createdAt: now },
      { _id: 'tpl-once', name: '每人 1 张', ...terms({ perMemberLimit: 1 }), createdAt: now },
    ]);
    const reward = (_id: string, couponTemplateId: string, stock: number | null = 10) => ({
      _id,
      title: _id,
      description: '',
      kind: 'coupon',
      pointsCost: 100,
      stock,
      couponTemplateId,
      perMemberLimit: null,
      active: true,
      sort: 1,
      createdAt: now,
    });
    emu.database.insertMany('rewards', [
      reward('rw-empty', 'tpl-empty'),
      reward('rw-one', 'tpl-one', null),
      reward('rw-once-a', 'tpl-once'),
      reward('rw-once-b', 'tpl-once'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await emu?.stop();
  });

  const rewardStock = (id: string) => find(emu, 'rewards', { _id: id })[0].stock;
  const tplStock = (id: string) => find(emu, 'couponTemplates', { _id: id })[0].stock;

  it('refuses a reward whose template is out of stock and takes no points', async () => {
    const m = addMember(emu, { lots: [{ points: 500, expiresAt: FAR }] });
    const before = counts(emu);
    const reply = await redeem(m.openid, 'rw-empty');
    expect(reply).toMatchObject({ ok: false, error: { code: 'COUPON.OUT_OF_STOCK' } });
    expect(counts(emu)).toEqual(before);
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(500);
    expect(rewardStock('rw-empty')).toBe(10);
  });

  it('of two members racing for the last template unit one pays, the other keeps their points', async () => {
    const a = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
    const b = addMember(emu, { lots: [{ points: 300, expiresAt: FAR }] });
    const replies = await Promise.all([redeem(a.openid, 'rw-one'), redeem(b.openid, 'rw-one')]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.find((r) => !r.ok)).toMatchObject({
      error: { code: 'COUPON.OUT_OF_STOCK' },
    });
    const balances = [a, b].map((m) => find(emu, 'members', { _id: m._id })[0].points.balance);
    expect(balances.sort()).toEqual([200, 300]);
    expect(tplStock('tpl-one')).toBe(0);
    expect(find(emu, 'coupons', { templateId: 'tpl-one' })).toHaveLength(1);
    expect(find(emu, 'redemptions', { rewardId: 'rw-one' })).toHaveLength(1);
  });

  it("holds the template's per-member limit across rewards, giving the reward unit back", async () => {
    const m = addMember(emu, { lots: [{ points: 1_000, expiresAt: FAR }] });
    const replies = await Promise.all([
      redeem(m.openid, 'rw-once-a'),
      redeem(m.openid, 'rw-once-b'),
      redeem(m.openid, 'rw-once-a'),
    ]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok))
      expect(r).toMatchObject({ error: { code: 'COUPON.LIMIT_REACHED' } });
    expect(find(emu, 'members', { _id: m._id })[0].points.balance).toBe(900);
    expect(find(emu, 'coupons', { memberId: m._id, templateId: 'tpl-once' })).toHaveLength(1);
    expect(rewardStock('rw-once-a') + rewardStock('rw-once-b')).toBe(19);
  });
});
