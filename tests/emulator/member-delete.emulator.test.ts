/**
 * Deleting an account: no phone, name, birthday or WeChat identity left in any collection,
 * while the points ledger still sums to the recorded balance and coupons and orders stay
 * countable; the same phone can sign up again as a new member (without a second gift).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import { allDocs, member, memberOk, signUp } from './support/memberJourney';

const PHONE = '13944440001';
const NAME = '欧阳娜娜';
const TPL = 'TPL_BIRTHDAY_GREETING';

describe('member deletion', () => {
  let emu: TestEmulator;
  let memberId: string;
  let other: string;

  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
    emu.clock.set(shanghaiTime(2026, 12, 1, 12));
    memberId = (await signUp(emu, 'o_del_1', PHONE, emu.sceneFor('S001', 'C0011'))).memberId;
    expect((await signUp(emu, 'o_del_2', PHONE)).memberId).toBe(memberId); // a second WeChat identity
    other = (await signUp(emu, 'o_keep', '13944440002')).memberId;
    await memberOk(emu, 'o_del_1', 'updateProfile', {
      name: NAME,
      gender: 'female',
      birthday: { month: 12, day: 10, year: 1988 },
      preferences: ['个人护理'],
    });
    await memberOk(emu, 'o_del_1', 'setMarketingConsent', { granted: true });
    emu.openApi.grantSubscription('o_del_2', [TPL], emu.clock.now());
    await memberOk(emu, 'o_del_2', 'recordSubscriptions', { results: { [TPL]: 'accept' } });
    await memberOk(emu, 'o_del_1', 'recordSubscriptions', {
      results: { TPL_POINTS_CHANGED: 'accept' },
    });
    // purchases and points history (earned 100 on an order, all spent on a mall coupon)
    const now = emu.clock.now();
    await emu.database.insertMany('orders', [
      {
        _id: 'del_o1',
        storeId: 'S001',
        receiptNo: 'D1',
        memberId,
        lines: [{ category: '个人护理', amountFen: 10_000 }],
        amountFen: 10_000,
        discountFen: 0,
        paidFen: 10_000,
        pointsEarned: 100,
        status: 'completed',
        refundedFen: 0,
        createdAt: now - 1000,
      },
    ]);
    await emu.database.insertMany('pointLots', [
      {
        _id: 'del_lot1',
        memberId,
        earned: 100,
        remaining: 0,
        expiresAt: now + 1e10,
        earnedAt: now - 1000,
        orderId: 'del_o1',
        source: 'order',
      },
    ]);
    await emu.database.insertMany('pointsLedger', [
      { _id: 'del_l1', memberId, kind: 'earn', delta: 100, ref: 'del_o1', at: now - 1000 },
      { _id: 'del_l2', memberId, kind: 'spend', delta: -100, ref: 'mall:x', at: now - 500 },
    ]);
    await emu.database.insertMany('coupons', [
      {
        _id: 'del_c1',
        memberId,
        templateId: 'mall',
        code: 'DELC00000001',
        title: '满100减20',
        kind: 'threshold',
        amountFen: 2000,
        thresholdFen: 10_000,
        percent: null,
        capFen: null,
        storeIds: [],
        categories: [],
        status: 'used',
        validFrom: 0,
        validUntil: now + 1e9,
        issuedAt: now - 500,
        issueKey: 'mall:del',
        limitKey: 'mall:del',
        source: 'mall',
        usedAt: now - 100,
        orderId: 'del_o1',
      },
    ]);
    // the birthday greeting: a coupon and a sent message addressing her by name
    emu.clock.set(shanghaiTime(2026, 12, 9, 9));
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
    const fired = await emu.scheduler.fireNow(trigger);
    expect(fired.result).toMatchObject({
      ok: true,
      result: { byAutomation: { birthdayGreeting: { found: 1, acted: 1 } } },
    });
    expect(emu.database.find('outbox', { memberId }, { limit: 10 })).toEqual([
      expect.objectContaining({ _id: `birthday:${memberId}:2026`, state: 'sent' }),
    ]);
    expect(JSON.stringify(allDocs(emu))).toContain('欧阳女士');
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('erases personal data everywhere and keeps the books', async () => {
    // what staff wrote about her: a manual tag and a note by her clerk
    const crm = (action: string, input: Record<string, unknown>) =>
      emu.call<{ ok: boolean }>('crm', { action, memberId, ...input }, 'o_test_clerk_S001');
    expect(await crm('addManualTag', { tag: '喜欢薰衣草' })).toMatchObject({ ok: true });
    expect(await crm('addNote', { text: '欧阳女士喜欢无香型' })).toMatchObject({ ok: true });
    expect(emu.database.count('memberNotes', { memberId })).toBe(1);
    const couponsBefore = emu.database.count('coupons', { memberId });
    const ordersBefore = emu.database.count('orders', { memberId });
    expect(couponsBefore).toBe(3); // gift, mall, birthday
    const exported = await memberOk(emu, 'o_del_1', 'exportData');
    expect(JSON.stringify(exported)).toContain(PHONE);

    expect(await memberOk(emu, 'o_del_1', 'deleteAccount', { confirm: '注销' })).toEqual({
      deleted: true,
    });

    // no phone, name, birthday or WeChat identity anywhere in the database
    const text = JSON.stringify(allDocs(emu));
    for (const needle of [PHONE, NAME, '欧阳', 'o_del_1', 'o_del_2', '"year":1988'])
      expect(text).not.toContain(needle);
    const [doc] = emu.database.find('members', { _id: memberId }, { limit: 1 });
    expect(doc).toMatchObject({
      status: 'deleted',
      phone: `deleted:${memberId}`,
      name: null,
      gender: null,
      birthday: null,
      preferences: [],
      consent: { privacy: null, marketing: null },
      tags: {},
      tagKeys: [],
      tagReviewAt: null,
      manualTags: [],
    });
    expect(emu.database.count('memberNotes', { memberId })).toBe(0);
    expect(emu.database.count('identities', { memberId })).toBe(0);
    expect(emu.database.count('subscriptions', { memberId })).toBe(0);
    expect(emu.database.count('outbox', { memberId })).toBe(0);
    expect(
      emu.database
        .find('consents', { memberId, granted: false }, { limit: 5 })
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['marketing', 'privacy']);

    // the books: ledger sums to the recorded balance, lots hold it, coupons and orders are all there
    const ledger = emu.database.find('pointsLedger', { memberId }, { limit: 100 });
    const lots = emu.database.find('pointLots', { memberId }, { limit: 100 });
    const balance = (doc.points as { balance: number }).balance;
    expect(balance).toBe(50); // the profile points
    expect(ledger.reduce((s, l) => s + Number(l.delta), 0)).toBe(balance);
    expect(lots.reduce((s, l) => s + Number(l.remaining), 0)).toBe(balance);
    expect(emu.database.count('coupons', { memberId })).toBe(couponsBefore);
    expect(emu.database.count('orders', { memberId })).toBe(ordersBefore);

    // the other member is untouched
    expect(emu.database.find('members', { _id: other }, { limit: 1 })[0]).toMatchObject({
      phone: '13944440002',
      status: 'active',
    });
    expect((await memberOk(emu, 'o_keep', 'getCard')).memberId).toBe(other);
  });

  it('leaves the former identities as visitors who cannot reach the old data', async () => {
    for (const openid of ['o_del_1', 'o_del_2']) {
      expect(await memberOk(emu, openid, 'me')).toEqual({ status: 'visitor' });
      for (const action of ['getCard', 'getProfile', 'exportData', 'listCoupons'] as const) {
        expect(await member(emu, openid, action)).toMatchObject({
          ok: false,
          error: { code: 'AUTH.NOT_MEMBER' },
        });
      }
      expect(await member(emu, openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({
        ok: false,
        error: { code: 'AUTH.NOT_MEMBER' },
      });
    }
  });

  it('lets the same phone sign up again as a new member, without a second new-member gift', async () => {
    const again = await signUp(emu, 'o_del_1', PHONE, emu.sceneFor('S002'));
    expect(again.created).toBe(true);
    expect(again.memberId).not.toBe(memberId);
    expect(again.giftCoupon).toBeNull();
    expect(again.giftRefusal).toBe('phoneGiftedBefore');
    const card = await memberOk(emu, 'o_del_1', 'getCard');
    expect(card).toMatchObject({
      memberId: again.memberId,
      points: { balance: 0 },
      couponsUnused: 0,
      homeStoreName: '徐家汇店',
    });
    // next year's birthday run finds nobody from the deleted account
    emu.clock.set(shanghaiTime(2027, 12, 9, 9));
    const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'automations')!;
    expect((await emu.scheduler.fireNow(trigger)).result).toMatchObject({
      ok: true,
      result: { byAutomation: { birthdayGreeting: { found: 0, acted: 0 } } },
    });
  });

  it('deletes once when asked twice at the same time', async () => {
    const id = (await signUp(emu, 'o_twice', '13944440003')).memberId;
    const replies = await Promise.all(
      [0, 1, 2].map(() => member(emu, 'o_twice', 'deleteAccount', { confirm: '注销' })),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual([
      'AUTH.NOT_MEMBER',
      'AUTH.NOT_MEMBER',
    ]);
    expect(emu.database.count('consents', { memberId: id, granted: false })).toBe(1);
  });
});
