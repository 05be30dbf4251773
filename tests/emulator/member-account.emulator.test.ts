/**
 * A member's own data through the `member` function: wallet, purchases, profile and the
 * one-time birthday, profile points once, marketing consent, subscription credits,
 * export; and that nobody reaches another member's data or writes with bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fail } from '../support/waitFor';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { DAY_MS, shanghaiTime } from '../../src/domain/calendar';
import { member, memberOk, signUp, snapshot } from './support/memberJourney';

const T = {
  birthday: 'TPL_BIRTHDAY_GREETING',
  expiring: 'TPL_COUPON_EXPIRING',
  points: 'TPL_POINTS_CHANGED',
  level: 'TPL_LEVEL_CHANGED',
};

const coupon = (id: string, memberId: string, over: Record<string, unknown>) => ({
  _id: id,
  memberId,
  templateId: 't',
  code: `CODE${id}`.toUpperCase().slice(0, 12),
  title: '满100减10',
  kind: 'threshold',
  amountFen: 1000,
  thresholdFen: 10000,
  percent: null,
  capFen: null,
  storeIds: [],
  categories: ['家居清洁'],
  status: 'unused',
  validFrom: 0,
  validUntil: 0,
  issuedAt: 0,
  issueKey: `test:${id}`,
  limitKey: `test:${id}`,
  source: 'campaign',
  usedAt: null,
  orderId: null,
  ...over,
});

describe('member account', () => {
  let emu: TestEmulator;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
    alice = (await signUp(emu, 'o_alice', '13822220001', emu.sceneFor('S001', 'C0011'))).memberId;
    bob = (await signUp(emu, 'o_bob', '13822220002', emu.sceneFor('S002'))).memberId;
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('lists the wallet expiring-soon first, then used, then expired, with rules and codes', async () => {
    const now = emu.clock.now();
    await emu.database.insertMany('coupons', [
      coupon('w_later', alice, { validUntil: now + 20 * DAY_MS }),
      coupon('w_soon', alice, { validUntil: now + 2 * DAY_MS }),
      coupon('w_used', alice, {
        status: 'used',
        usedAt: now - DAY_MS,
        validUntil: now + 5 * DAY_MS,
      }),
      coupon('w_lapsed', alice, { validUntil: now - DAY_MS }), // unused but past its end: shows as expired
      coupon('w_expired', alice, { status: 'expired', validUntil: now - 3 * DAY_MS }),
      coupon('w_bobs', bob, { validUntil: now + DAY_MS }),
    ]);
    const { coupons } = await memberOk(emu, 'o_alice', 'listCoupons');
    const gift = coupons.find((c) => c.source === 'signup')!; // the ¥10 gift, 30 days
    expect(coupons.map((c) => c.id)).toEqual([
      'w_soon',
      'w_later',
      gift.id,
      'w_used',
      'w_lapsed',
      'w_expired',
    ]);
    expect(coupons.map((c) => c.status)).toEqual([
      'unused',
      'unused',
      'unused',
      'used',
      'expired',
      'expired',
    ]);
    expect(coupons.find((c) => c.id === 'w_soon')).toMatchObject({
      code: 'CODEW_SOON',
      conditions: ['满¥100可用', '限家居清洁'],
    });
    expect(
      (await memberOk(emu, 'o_alice', 'listCoupons', { status: 'unused' })).coupons.map(
        (c) => c.id,
      ),
    ).toEqual(coupons.filter((c) => c.status === 'unused').map((c) => c.id));
    expect(
      (await memberOk(emu, 'o_alice', 'listCoupons', { status: 'used' })).coupons.map((c) => c.id),
    ).toEqual(['w_used']);
    expect(
      (await memberOk(emu, 'o_alice', 'listCoupons', { status: 'expired' })).coupons.map(
        (c) => c.id,
      ),
    ).toEqual(['w_lapsed', 'w_expired']);
  });

  it('pages purchases across stores, newest first', async () => {
    const now = emu.clock.now();
    await emu.database.insertMany(
      'orders',
      Array.from({ length: 5 }, (_, i) => ({
        _id: `ord_${i}`,
        storeId: i % 2 ? 'S002' : 'S001',
        receiptNo: `R${i}`,
        memberId: alice,
        lines: [{ category: '家居清洁', name: '洗衣液', amountFen: 5000 + i, quantity: 1 }],
        amountFen: 5000 + i,
        discountFen: 0,
        paidFen: 5000 + i,
        pointsEarned: 50,
        status: 'completed',
        refundedFen: 0,
        createdAt: now - (5 - i) * DAY_MS,
      })),
    );
    await emu.database.insertMany('orders', [
      {
        _id: 'ord_bob',
        storeId: 'S001',
        receiptNo: 'RB',
        memberId: bob,
        lines: [],
        amountFen: 1,
        discountFen: 0,
        paidFen: 1,
        pointsEarned: 0,
        createdAt: now,
      },
    ]);
    const page1 = await memberOk(emu, 'o_alice', 'listPurchases', { limit: 2 });
    expect(page1.purchases.map((p) => p.id)).toEqual(['ord_4', 'ord_3']);
    expect(page1.hasMore).toBe(true);
    expect(page1.purchases[1]).toMatchObject({
      storeName: '徐家汇店',
      lines: [{ category: '家居清洁', name: '洗衣液', quantity: 1 }],
    });
    const page2 = await memberOk(emu, 'o_alice', 'listPurchases', {
      limit: 2,
      before: page1.purchases[1].createdAt,
    });
    expect(page2.purchases.map((p) => p.id)).toEqual(['ord_2', 'ord_1']);
    const page3 = await memberOk(emu, 'o_alice', 'listPurchases', {
      limit: 2,
      before: page2.purchases[1].createdAt,
    });
    expect(page3).toMatchObject({ purchases: [{ id: 'ord_0' }], hasMore: false });
  });

  it('fills the profile; completing it awards the points once, even when saved twice at once', async () => {
    const first = await memberOk(emu, 'o_alice', 'updateProfile', {
      name: '张小美',
      preferences: ['家居清洁', '家居清洁', '个人护理'],
    });
    expect(first).toMatchObject({
      pointsAwarded: 0,
      profile: {
        name: '张小美',
        preferences: ['家居清洁', '个人护理'],
        profileCompleted: false,
        birthdayLocked: false,
      },
    });
    const both = await Promise.all([
      member(emu, 'o_alice', 'updateProfile', {
        gender: 'female',
        birthday: { month: 2, day: 29, year: 1996 },
      }),
      member(emu, 'o_alice', 'updateProfile', {
        gender: 'female',
        birthday: { month: 2, day: 29, year: 1996 },
      }),
    ]);
    const datas = both.map((r) => (r.ok ? r.data : fail(r.error.code)));
    expect(datas.map((d) => d.pointsAwarded).sort()).toEqual([0, 50]);
    const [doc] = emu.database.find('members', { _id: alice }, { limit: 1 });
    expect(doc).toMatchObject({
      birthday: { month: 2, day: 29, year: 1996 },
      points: { balance: 50, lifetime: 50 },
    });
    expect(doc).not.toHaveProperty('birthdayKey');
    expect(emu.database.count('pointsLedger', { memberId: alice, delta: 50 })).toBe(1);
    expect(emu.database.count('pointLots', { memberId: alice, earned: 50 })).toBe(1);
    const card = await memberOk(emu, 'o_alice', 'getCard');
    expect(card).toMatchObject({
      profileIncomplete: false,
      points: { balance: 50 },
      displayName: '张小美',
    });
    // saving again awards nothing more
    expect(
      (await memberOk(emu, 'o_alice', 'updateProfile', { name: '张美美' })).pointsAwarded,
    ).toBe(0);
    expect((await memberOk(emu, 'o_alice', 'getProfile')).profileCompleted).toBe(true);
  });

  it('sets the birthday once: the same value again is fine, another is PROFILE.BIRTHDAY_LOCKED and writes nothing', async () => {
    expect(
      (
        await memberOk(emu, 'o_alice', 'updateProfile', {
          birthday: { month: 2, day: 29, year: 1996 },
        })
      ).profile.birthdayLocked,
    ).toBe(true);
    const before = snapshot(emu);
    for (const birthday of [
      { month: 3, day: 1, year: 1996 },
      { month: 2, day: 29, year: null },
      { month: 2, day: 29 },
    ]) {
      expect(
        await member(emu, 'o_alice', 'updateProfile', { name: '改名字', birthday }),
      ).toMatchObject({ ok: false, error: { code: 'PROFILE.BIRTHDAY_LOCKED' } });
    }
    expect(snapshot(emu)).toBe(before);
  });

  it('grants and withdraws marketing consent, separately from the privacy consent, and logs both', async () => {
    expect(await memberOk(emu, 'o_bob', 'setMarketingConsent', { granted: true })).toMatchObject({
      marketingConsent: true,
      privacyConsent: { version: '2026-12' },
    });
    expect(emu.database.find('members', { _id: bob }, { limit: 1 })[0].consent).toMatchObject({
      marketing: { version: '2026-12' },
      privacy: { version: '2026-12' },
    });
    expect(await memberOk(emu, 'o_bob', 'setMarketingConsent', { granted: true })).toMatchObject({
      marketingConsent: true,
    });
    expect(await memberOk(emu, 'o_bob', 'setMarketingConsent', { granted: false })).toMatchObject({
      marketingConsent: false,
      privacyConsent: { version: '2026-12' },
    });
    const log = emu.database.find(
      'consents',
      { memberId: bob, kind: 'marketing' },
      { limit: 10, sort: { at: 1 } },
    );
    expect(log.map((c) => c.granted)).toEqual([true, false]);
  });

  it('records one credit per accepted template of a sent purpose per call and ignores everything else', async () => {
    const out = await memberOk(emu, 'o_bob', 'recordSubscriptions', {
      results: {
        [T.birthday]: 'accept',
        [T.expiring]: 'reject',
        [T.points]: 'ban',
        TPL_UNKNOWN: 'accept',
        errMsg: 'requestSubscribeMessage:ok',
      },
    });
    const none = { couponExpiring: 0, pointsChanged: 0 };
    expect(out.credits).toEqual({ birthday: 1, levelChanged: 0, offer: 0, ...none });
    const again = await memberOk(emu, 'o_bob', 'recordSubscriptions', {
      results: {
        [T.birthday]: 'accept',
        [T.points]: 'accept',
        [T.expiring]: 'accept',
        [T.level]: 'accept',
        TPL_UNKNOWN: 'accept',
      },
    });
    expect(again.credits).toEqual({
      birthday: 2,
      levelChanged: 1,
      offer: 0,
      couponExpiring: 1,
      pointsChanged: 1,
    });
    expect(await memberOk(emu, 'o_bob', 'getSubscriptions')).toEqual({
      templates: {
        birthday: T.birthday,
        levelChanged: T.level,
        offer: 'TPL_MEMBER_OFFER',
        couponExpiring: T.expiring,
        pointsChanged: T.points,
      },
      credits: again.credits,
    });
    expect(
      emu.database
        .find('subscriptions', { memberId: bob }, { limit: 10 })
        .map((s) => [s.purpose, s.credits])
        .sort(),
    ).toEqual([
      ['birthday', 2],
      ['couponExpiring', 1],
      ['levelChanged', 1],
      ['pointsChanged', 1],
    ]);
  });

  it('exports everything stored about the caller, and nothing about anyone else', async () => {
    const { data, exportedAt } = await memberOk(emu, 'o_alice', 'exportData');
    expect(exportedAt).toBeGreaterThan(0);
    const d = data as Record<string, Record<string, unknown>[]> & {
      member: Record<string, unknown>;
    };
    expect(d.member).toMatchObject({ _id: alice, phone: '13822220001', name: '张美美' });
    for (const c of [
      'identities',
      'coupons',
      'orders',
      'pointLots',
      'pointsLedger',
      'consents',
      'subscriptions',
      'outbox',
    ])
      expect(Array.isArray(d[c])).toBe(true);
    expect(d.identities.map((i) => i._id)).toEqual(['o_alice']);
    expect(d.coupons).toHaveLength(emu.database.count('coupons', { memberId: alice }));
    expect(d.orders).toHaveLength(5);
    expect(d.pointsLedger).toHaveLength(1);
    expect(d.consents).toHaveLength(1);
    expect(JSON.stringify(data)).not.toContain(bob);
    expect(JSON.stringify(data)).not.toContain('13822220002');
  });

  it('never lets a member read or change another member: the member comes from the OPENID, ids in the input are ignored', async () => {
    const bobsBefore = JSON.stringify(
      ['members', 'coupons', 'orders', 'consents', 'subscriptions'].map((c) =>
        emu.database.find(
          c,
          { $or: [{ memberId: bob }, { _id: bob }] },
          { limit: 100, sort: { _id: 1 } },
        ),
      ),
    );
    const card = await memberOk(emu, 'o_alice', 'getCard', { memberId: bob });
    expect(card.memberId).toBe(alice);
    const wallet = await memberOk(emu, 'o_alice', 'listCoupons', { memberId: bob });
    expect(wallet.coupons.map((c) => c.id)).not.toContain('w_bobs');
    const purchases = await memberOk(emu, 'o_alice', 'listPurchases', { memberId: bob });
    expect(purchases.purchases.map((p) => p.id)).not.toContain('ord_bob');
    await memberOk(emu, 'o_alice', 'updateProfile', { memberId: bob, preferences: ['收纳整理'] });
    await memberOk(emu, 'o_alice', 'setMarketingConsent', { memberId: bob, granted: true });
    await memberOk(emu, 'o_alice', 'recordSubscriptions', {
      memberId: bob,
      results: { [T.expiring]: 'accept' },
    });
    const exported = await memberOk(emu, 'o_alice', 'exportData', { memberId: bob });
    expect((exported.data.member as { _id: string })._id).toBe(alice);
    const bobsAfter = JSON.stringify(
      ['members', 'coupons', 'orders', 'consents', 'subscriptions'].map((c) =>
        emu.database.find(
          c,
          { $or: [{ memberId: bob }, { _id: bob }] },
          { limit: 100, sort: { _id: 1 } },
        ),
      ),
    );
    expect(bobsAfter).toBe(bobsBefore);
  });

  it('answers visitors and callers without an identity with AUTH codes and writes nothing', async () => {
    const before = snapshot(emu);
    const actions = [
      ['getCard', {}],
      ['listCoupons', {}],
      ['listPurchases', {}],
      ['getProfile', {}],
      ['updateProfile', { name: '路人' }],
      ['recordSubscriptions', { results: { [T.birthday]: 'accept' } }],
      ['getSubscriptions', {}],
      ['setMarketingConsent', { granted: true }],
      ['exportData', {}],
      ['deleteAccount', { confirm: '注销' }],
    ] as const;
    for (const [action, input] of actions) {
      expect(await member(emu, 'o_visitor', action, input)).toMatchObject({
        ok: false,
        error: { code: 'AUTH.NOT_MEMBER' },
      });
      expect(await member(emu, '', action, input)).toMatchObject({
        ok: false,
        error: { code: 'AUTH.NO_IDENTITY' },
      });
    }
    expect(await memberOk(emu, 'o_visitor', 'me')).toEqual({ status: 'visitor' });
    expect((await memberOk(emu, 'o_visitor', 'getSettings')).newMemberGift.amountFen).toBe(1000);
    expect(snapshot(emu)).toBe(before);
  });

  it('answers bad input to every action with a stable code and writes nothing', async () => {
    const before = snapshot(emu);
    const bad: [string, Record<string, unknown>, string][] = [
      ['nope', {}, 'COMMON.UNKNOWN_ACTION'],
      ['resolveScene', {}, 'COMMON.INVALID_INPUT'],
      ['resolveScene', { scene: 'x'.repeat(33) }, 'COMMON.INVALID_INPUT'],
      ['resolveScene', { scene: 'S001.C0011.<script>' }, 'COMMON.INVALID_INPUT'],
      ['signup', { phoneCode: '', consentVersion: '2026-12' }, 'COMMON.INVALID_INPUT'],
      ['signup', { phoneCode: 'dev_13822229999_z' }, 'COMMON.INVALID_INPUT'],
      [
        'signup',
        { phoneCode: 'dev_13822229999_z', consentVersion: '2026-12', scene: 42 },
        'COMMON.INVALID_INPUT',
      ],
      ['listCoupons', { status: 'all' }, 'COMMON.INVALID_INPUT'],
      ['listPurchases', { limit: 0 }, 'COMMON.INVALID_INPUT'],
      ['listPurchases', { limit: 51 }, 'COMMON.INVALID_INPUT'],
      ['listPurchases', { before: -1 }, 'COMMON.INVALID_INPUT'],
      ['listPurchases', { limit: 2.5 }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { name: '' }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { name: '   ' }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { name: '名'.repeat(21) }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { gender: 'other' }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { birthday: { month: 2, day: 30 } }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { birthday: { month: 13, day: 1 } }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { birthday: '1990-01-01' }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { preferences: Array(11).fill('a') }, 'COMMON.INVALID_INPUT'],
      ['updateProfile', { preferences: 'abc' }, 'COMMON.INVALID_INPUT'],
      ['recordSubscriptions', {}, 'COMMON.INVALID_INPUT'],
      ['recordSubscriptions', { results: { [T.birthday]: 1 } }, 'COMMON.INVALID_INPUT'],
      [
        'recordSubscriptions',
        { results: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`T${i}`, 'accept'])) },
        'COMMON.INVALID_INPUT',
      ],
      ['setMarketingConsent', {}, 'COMMON.INVALID_INPUT'],
      ['setMarketingConsent', { granted: 'yes' }, 'COMMON.INVALID_INPUT'],
      ['setPrivacyConsent', {}, 'COMMON.INVALID_INPUT'],
      ['setPrivacyConsent', { granted: true }, 'COMMON.INVALID_INPUT'],
      ['setPrivacyConsent', { granted: true, consentVersion: '' }, 'COMMON.INVALID_INPUT'],
      ['setPrivacyConsent', { granted: true, consentVersion: '2026-11' }, 'CONSENT.OUTDATED'],
      ['deleteAccount', {}, 'COMMON.INVALID_INPUT'],
      ['deleteAccount', { confirm: 'yes' }, 'COMMON.INVALID_INPUT'],
    ];
    for (const [action, input, code] of bad) {
      const reply = await emu.call<{ ok: boolean; error?: { code: string; message: string } }>(
        'member',
        { action, ...input },
        'o_bob',
      );
      expect(reply).toMatchObject({
        ok: false,
        error: { code },
      });
      expect(reply.error?.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // valid shape, impossible value: checked by the domain rules
    const nonLeap = await member(emu, 'o_bob', 'updateProfile', {
      name: '李四',
      birthday: { month: 2, day: 29, year: 2001 },
    });
    expect(nonLeap).toMatchObject({ ok: false, error: { code: 'COMMON.INVALID_INPUT' } });
    const future = await member(emu, 'o_bob', 'updateProfile', {
      birthday: { month: 1, day: 1, year: 2100 },
    });
    expect(future).toMatchObject({ ok: false, error: { code: 'COMMON.INVALID_INPUT' } });
    expect(snapshot(emu)).toBe(before);
  });

  it('shows the birthday on the card on the Shanghai date (29 Feb → 28 Feb in a non-leap year)', async () => {
    // 00:30 on 28 Feb 2027 in Shanghai is still 27 Feb in UTC
    await emu.travel({ set: shanghaiTime(2027, 2, 28, 0, 30) });
    try {
      expect((await memberOk(emu, 'o_alice', 'getCard')).birthdayToday).toBe(true);
      await emu.travel({ set: shanghaiTime(2027, 2, 27, 23, 59) });
      expect((await memberOk(emu, 'o_alice', 'getCard')).birthdayToday).toBe(false);
      await emu.travel({ set: shanghaiTime(2027, 3, 1, 0, 30) });
      expect((await memberOk(emu, 'o_alice', 'getCard')).birthdayToday).toBe(false);
    } finally {
      await emu.travel({ reset: true });
    }
  });
});
