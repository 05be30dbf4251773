/**
 * HQ's catalogue through the `crm` function and the real SDK: HQ creates and changes coupon
 * templates and mall rewards (each change audited with before and after, a retried create
 * made once, a stale save refused), a bad input or a clerk writes nothing, a template
 * created on the screen never issues more than its stock under 50 concurrent redemptions,
 * HQ's stock top-up while coupons are being issued is applied to what is left, and the
 * member's mall shows the rewards as HQ set them (cost, order, switched off ones gone).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { CouponTemplateView, RewardAdminView } from '../../src/contracts/catalog';
import type { RewardView } from '../../src/contracts/mall';
import type { AuditEntryView } from '../../src/contracts/staff';
import type { CouponTemplateDef, RewardDef } from '../../src/domain/catalog';
import { auditText } from '../../src/domain/auditText';
import { shanghaiTime } from '../../src/domain/calendar';
import { addMember, data, FUNCTION_ENV, find } from './support/loyalty';

const HQ = 'o_test_hq';
const MANAGER = 'o_test_manager_S001';
const CLERK = 'o_test_clerk_S001';
const FAR = 4_102_444_800_000; // 2100

let emu: TestEmulator;
let seq = 0;
const requestId = () => `catalog-req-${++seq}`;
const crm = <T>(action: string, input: Record<string, unknown>, openid = HQ) =>
  emu.call<Reply<T>>('crm', { action, ...input }, openid);
const redeem = (openid: string, rewardId: string) =>
  emu.call<Reply<{ coupon: { title: string } | null }>>(
    'mall',
    { action: 'redeemReward', rewardId, requestId: requestId() },
    openid,
  );
const mall = async (openid: string) =>
  data(await emu.call<Reply<{ rewards: RewardView[] }>>('mall', { action: 'listRewards' }, openid))
    .rewards;

const threshold = (over: Partial<CouponTemplateDef> = {}): CouponTemplateDef => ({
  name: '年终 满100减20',
  kind: 'threshold',
  amountFen: 2_000,
  thresholdFen: 10_000,
  percent: null,
  capFen: null,
  storeIds: [],
  categories: [],
  validity: { type: 'relative', days: 30 },
  perMemberLimit: null,
  stock: null,
  ...over,
});
const couponReward = (templateId: string, over: Partial<RewardDef> = {}): RewardDef => ({
  title: '满100减20券',
  description: '',
  kind: 'coupon',
  pointsCost: 100,
  stock: null,
  couponTemplateId: templateId,
  perMemberLimit: null,
  sort: 1,
  ...over,
});
const written = () => ({
  templates: emu.database.count('couponTemplates', {}),
  rewards: emu.database.count('rewards', {}),
  audit: emu.database.count('auditLog', {}),
});

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV, startsAt: TEST_EPOCH });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('coupon templates on HQ screen', () => {
  let tpl: CouponTemplateView;

  it('HQ creates a template; it reads as the member will read it; a retried create makes one', async () => {
    const id = requestId();
    const window = {
      type: 'fixed' as const,
      from: shanghaiTime(2026, 12, 1),
      until: shanghaiTime(2026, 12, 31, 23, 59, 59, 999),
    };
    const first = data(
      await crm<{ template: CouponTemplateView; created: boolean }>('createCouponTemplate', {
        template: threshold({
          storeIds: ['S001', 'S002'],
          categories: ['家居清洁'],
          validity: window,
          stock: 100,
          perMemberLimit: 2,
        }),
        requestId: id,
      }),
    );
    tpl = first.template;
    expect(first.created).toBe(true);
    expect(tpl).toMatchObject({
      active: true,
      rev: 0,
      title: '满100减20',
      conditions: ['满¥100可用', '限指定门店', '限家居清洁'],
      validityText: '2026-12-01 至 2026-12-31',
      stock: 100,
      perMemberLimit: 2,
      updatedByName: '总部运营',
    });
    const again = data(
      await crm<{ template: CouponTemplateView; created: boolean }>('createCouponTemplate', {
        template: threshold({ name: '另一个' }),
        requestId: id,
      }),
    );
    expect(again).toMatchObject({
      created: false,
      template: { id: tpl.id, name: '年终 满100减20' },
    });
    expect(emu.database.count('couponTemplates', { name: '另一个' })).toBe(0);
    const audits = find(emu, 'auditLog', { action: 'couponTemplate.create' });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor: { staffId: 'HQ01', role: 'hq' },
      target: { id: tpl.id },
    });
  });

  it('HQ changes it on the revision it saw; the audit keeps before and after; a stale save is refused', async () => {
    const changed = data(
      await crm<{ template: CouponTemplateView }>('updateCouponTemplate', {
        id: tpl.id,
        template: threshold({ validity: { type: 'relative', days: 7 }, stock: 150 }),
        baseRev: 0,
        baseStock: 100,
      }),
    ).template;
    expect(changed).toMatchObject({
      rev: 1,
      stock: 150,
      storeIds: [],
      categories: [],
      validityText: '领取后 7 天内有效',
    });
    // the validity was replaced whole, not merged with the old window's fields
    expect(find(emu, 'couponTemplates', { _id: tpl.id })[0].validity).toEqual({
      type: 'relative',
      days: 7,
    });
    const entry = find(emu, 'auditLog', { action: 'couponTemplate.update' })[0];
    expect(entry.detail.before).toMatchObject({ stock: 100, storeIds: ['S001', 'S002'] });
    expect(entry.detail.after).toMatchObject({ stock: 150, storeIds: [] });
    expect(auditText(entry as AuditEntryView)).toBe(
      '修改优惠券模板「年终 满100减20」：适用门店、适用品类、有效期、每人限领、库存',
    );

    // HQ finds it on 操作日志 by its action
    const log = data(
      await emu.call<Reply<{ entries: AuditEntryView[] }>>(
        'staff',
        { action: 'listAuditEntries', auditAction: 'couponTemplate.update' },
        HQ,
      ),
    );
    expect(log.entries.map((e) => e.target.id)).toEqual([tpl.id]);

    const before = written();
    const stale = await crm('updateCouponTemplate', {
      id: tpl.id,
      template: threshold({ name: '旧页面' }),
      baseRev: 0,
      baseStock: 100,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'COMMON.CONFLICT' } });
    expect(written()).toEqual(before);
    tpl = changed;
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      '满减金额高于门槛',
      { template: threshold({ amountFen: 20_000 }) },
      'COMMON.INVALID_INPUT',
      '满减金额不能高于门槛',
    ],
    [
      'fractional fen',
      { template: threshold({ amountFen: 20.5 }) },
      'COMMON.INVALID_INPUT',
      '输入有误（template.amountFen），请检查后重试',
    ],
    [
      'a 折扣 without a discount',
      { template: threshold({ kind: 'percent', amountFen: 0, thresholdFen: 0 }) },
      'COMMON.INVALID_INPUT',
      '请设置折扣',
    ],
    [
      'an unknown store',
      { template: threshold({ storeIds: ['S999'] }) },
      'CATALOG.STORE_UNKNOWN',
      '适用门店中有不存在或已关闭的门店',
    ],
    ['no name', { template: threshold({ name: '  ' }) }, 'COMMON.INVALID_INPUT', '请填写模板名称'],
  ])(
    'a bad template (%s) is refused with its message and writes nothing',
    async (_n, input, code, message) => {
      const before = written();
      const out = await crm('createCouponTemplate', { ...input, requestId: requestId() });
      expect(out).toMatchObject({ ok: false, error: { code, message } });
      expect(written()).toEqual(before);
    },
  );

  it('a manager reads the templates but may not change them; a clerk may not even read', async () => {
    const list = data(
      await crm<{ templates: CouponTemplateView[] }>('listCouponTemplates', {}, MANAGER),
    );
    expect(list.templates.map((t) => t.id)).toContain(tpl.id);
    const before = written();
    expect(
      await crm('createCouponTemplate', { template: threshold(), requestId: requestId() }, MANAGER),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(
      await crm(
        'updateCouponTemplate',
        { id: tpl.id, template: threshold(), baseRev: 1, baseStock: 150 },
        CLERK,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(await crm('listCouponTemplates', {}, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(written()).toEqual(before);
  });
});

describe('stock under concurrency', () => {
  it('a template with stock 10 made on the screen gives exactly 10 coupons to 50 members redeeming at once', async () => {
    const tpl = data(
      await crm<{ template: CouponTemplateView }>('createCouponTemplate', {
        template: threshold({ name: '限量 10 张', stock: 10 }),
        requestId: requestId(),
      }),
    ).template;
    const reward = data(
      await crm<{ reward: RewardAdminView }>('createMallReward', {
        reward: couponReward(tpl.id, { title: '限量券', pointsCost: 50 }),
        requestId: requestId(),
      }),
    ).reward;
    const members = Array.from({ length: 50 }, () =>
      addMember(emu, { lots: [{ points: 80, expiresAt: FAR }] }),
    );
    const replies = await Promise.all(members.map((m) => redeem(m.openid, reward.id)));
    const won = replies.filter((r) => r.ok);
    expect(won).toHaveLength(10);
    for (const r of replies) if (!r.ok) expect(r.error.code).toBe('COUPON.OUT_OF_STOCK');
    expect(emu.database.count('coupons', { templateId: tpl.id })).toBe(10);
    expect(find(emu, 'couponTemplates', { _id: tpl.id })[0].stock).toBe(0);
    // nobody who lost paid for it
    const paid = members.filter(
      (m) => find(emu, 'members', { _id: m._id })[0].points.balance === 30,
    );
    expect(paid).toHaveLength(10);
  });

  it('HQ tops up by 20 while 30 coupons are issued at once: issued + left = the stock HQ meant, never more', async () => {
    const tpl = data(
      await crm<{ template: CouponTemplateView }>('createCouponTemplate', {
        template: threshold({ name: '补货测试', stock: 10 }),
        requestId: requestId(),
      }),
    ).template;
    const reward = data(
      await crm<{ reward: RewardAdminView }>('createMallReward', {
        reward: couponReward(tpl.id, { title: '补货券', pointsCost: 10 }),
        requestId: requestId(),
      }),
    ).reward;
    const members = Array.from({ length: 30 }, () =>
      addMember(emu, { lots: [{ points: 10, expiresAt: FAR }] }),
    );
    const topUp = (async () => {
      for (let i = 0; i < 20; i++) {
        const r = await crm('updateCouponTemplate', {
          id: tpl.id,
          template: threshold({ name: '补货测试', stock: 30 }),
          baseRev: 0,
          baseStock: 10,
        });
        if (r.ok || (r as { error: { code: string } }).error.code !== 'COMMON.CONFLICT') return r;
      }
      throw new Error('top-up still contended');
    })();
    const [replies, toppedUp] = await Promise.all([
      Promise.all(members.map((m) => redeem(m.openid, reward.id))),
      topUp,
    ]);
    expect(toppedUp.ok).toBe(true);
    const issued = emu.database.count('coupons', { templateId: tpl.id });
    const left = find(emu, 'couponTemplates', { _id: tpl.id })[0].stock;
    expect(issued + left).toBe(30);
    expect(issued).toBe(replies.filter((r) => r.ok).length);
    expect(left).toBeGreaterThanOrEqual(0);
  });
});

describe('rewards on HQ screen and in the member mall', () => {
  it('HQ creates a coupon reward and a pickup gift; the mall shows them as set, in HQ order', async () => {
    const tpl = data(
      await crm<{ template: CouponTemplateView }>('createCouponTemplate', {
        template: threshold({
          name: '商城 85 折',
          kind: 'percent',
          amountFen: 0,
          thresholdFen: 0,
          percent: 85,
          capFen: 5_000,
        }),
        requestId: requestId(),
      }),
    ).template;
    const coupon = data(
      await crm<{ reward: RewardAdminView }>('createMallReward', {
        reward: couponReward(tpl.id, { title: '85 折券', pointsCost: 120, sort: 20 }),
        requestId: requestId(),
      }),
    ).reward;
    const gift = data(
      await crm<{ reward: RewardAdminView }>('createMallReward', {
        reward: {
          title: '环保帆布袋',
          description: '到店领取',
          kind: 'gift',
          pointsCost: 300,
          stock: 5,
          couponTemplateId: null,
          perMemberLimit: 1,
          sort: 10,
        },
        requestId: requestId(),
      }),
    ).reward;
    expect(coupon.template).toMatchObject({
      name: '商城 85 折',
      title: '8.5折券',
      conditions: ['无门槛', '最高减¥50'],
    });
    const member = addMember(emu, { lots: [{ points: 200, expiresAt: FAR }] });
    const shown = (await mall(member.openid)).filter((r) => [coupon.id, gift.id].includes(r.id));
    expect(
      shown.map((r) => [r.title, r.pointsCost, r.kind, r.stock, r.available, r.unavailableReason]),
    ).toEqual([
      ['环保帆布袋', 300, 'gift', 5, false, '还差 100 积分'],
      ['85 折券', 120, 'coupon', null, true, null],
    ]);
    expect(shown[1].coupon).toEqual({ title: '8.5折券', conditions: ['无门槛', '最高减¥50'] });

    // HQ raises the cost and moves it first: the member's next look shows it
    data(
      await crm('updateMallReward', {
        id: coupon.id,
        reward: couponReward(tpl.id, { title: '85 折券', pointsCost: 250, sort: 1 }),
        baseRev: 0,
        baseStock: null,
      }),
    );
    const after = (await mall(member.openid)).filter((r) => [coupon.id, gift.id].includes(r.id));
    expect(after.map((r) => [r.title, r.pointsCost, r.unavailableReason])).toEqual([
      ['85 折券', 250, '还差 50 积分'],
      ['环保帆布袋', 300, '还差 100 积分'],
    ]);

    // the template cannot be switched off while the mall offers it; the reward can, then the template
    expect(
      await crm('setCouponTemplateActive', { id: tpl.id, active: false, baseRev: 0 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CATALOG.TEMPLATE_IN_USE' },
    });
    const off = data(
      await crm<{ reward: RewardAdminView }>('setMallRewardActive', {
        id: coupon.id,
        active: false,
        baseRev: 1,
      }),
    ).reward;
    expect(off).toMatchObject({ active: false, rev: 2 });
    expect((await mall(member.openid)).map((r) => r.id)).not.toContain(coupon.id);
    expect(await redeem(member.openid, coupon.id)).toMatchObject({
      ok: false,
      error: { code: 'REWARD.NOT_FOUND' },
    });
    data(await crm('setCouponTemplateActive', { id: tpl.id, active: false, baseRev: 0 }));
    // a reward cannot be put back on sale with a switched-off template, nor made on one
    expect(
      await crm('setMallRewardActive', { id: coupon.id, active: true, baseRev: 2 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CATALOG.TEMPLATE_INACTIVE' },
    });
    expect(
      await crm('createMallReward', { reward: couponReward(tpl.id), requestId: requestId() }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CATALOG.TEMPLATE_INACTIVE' },
    });
    const texts = find(emu, 'auditLog', { 'target.id': coupon.id }).map((e) =>
      auditText(e as AuditEntryView),
    );
    expect(texts.sort()).toEqual(
      [
        '新建积分商城兑换项目「85 折券」',
        '修改积分商城兑换项目「85 折券」：所需积分、排序',
        '下架积分商城兑换项目「85 折券」',
      ].sort(),
    );
  });

  it('a bad reward is refused with its message and writes nothing', async () => {
    const before = written();
    expect(
      await crm('createMallReward', {
        reward: { title: '券', kind: 'coupon', pointsCost: 10 },
        requestId: requestId(),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT', message: '请选择兑换的优惠券模板' },
    });
    expect(
      await crm('createMallReward', {
        reward: couponReward('no-such-template'),
        requestId: requestId(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'CATALOG.TEMPLATE_NOT_FOUND' } });
    expect(
      await crm('createMallReward', {
        reward: { title: '袋子', kind: 'gift', pointsCost: 0 },
        requestId: requestId(),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT', message: '所需积分至少为 1' },
    });
    expect(written()).toEqual(before);
  });
});
