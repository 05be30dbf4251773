/**
 * Signup through the built `member` function and the real wx-server-sdk: one member per
 * person under concurrency, linking known phones, tamper-proof checkout codes, the daily
 * gift cap, consent recorded.
 */
import { emptyStats } from '../../src/domain/memberStats';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fail } from '../support/waitFor';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import {
  CONSENT_VERSION,
  member,
  memberOk,
  phoneCode,
  signUp,
  snapshot,
} from './support/memberJourney';

const CAP = 3;

describe('member signup', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ startsAt: TEST_EPOCH });
    await emu.seedMinimal();
    await emu.database.insertMany('settings', [
      { _id: 'loyalty', newMemberGift: { dailyCapPerStore: CAP } },
    ]);
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('20 concurrent signups with one phone make one member and one gift', async () => {
    const phone = '13911110001';
    const scene = emu.sceneFor('S001', 'C0011');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        member(emu, `o_race_${i}`, 'signup', {
          phoneCode: phoneCode(phone),
          scene,
          consentVersion: CONSENT_VERSION,
        }),
      ),
    );
    const ok = replies.map((r) => (r.ok ? r.data : fail(`${r.error.code}`)));
    expect(new Set(ok.map((r) => r.memberId)).size).toBe(1);
    expect(ok.filter((r) => r.created)).toHaveLength(1);
    expect(ok.filter((r) => r.giftCoupon)).toHaveLength(1);
    const memberId = ok[0].memberId;
    expect(emu.database.count('members', { phone })).toBe(1);
    expect(emu.database.count('coupons', { memberId })).toBe(1);
    expect(emu.database.count('coupons', { memberId, source: 'signup', amountFen: 1000 })).toBe(1);
    expect(emu.database.count('identities', { memberId })).toBe(20);
    // the store's cap counted one person, not 20 attempts
    const caps = emu.database.find('giftCaps', { storeId: 'S001' }, { limit: 10 });
    expect(caps.map((c) => c.count)).toEqual([1]);
    // every identity sees the same card, with the gift in it
    const cards = await Promise.all([0, 7, 19].map((i) => memberOk(emu, `o_race_${i}`, 'getCard')));
    expect(new Set(cards.map((c) => c.memberId))).toEqual(new Set([memberId]));
    expect(cards[0].couponsUnused).toBe(1);
  });

  it('records the store and clerk of the checkout code, and the consent (what, which version, when)', async () => {
    const at = emu.clock.now();
    const { memberId, created } = await signUp(
      emu,
      'o_attrib',
      '13911110002',
      emu.sceneFor('S002', 'C0021'),
    );
    expect(created).toBe(true);
    const [doc] = emu.database.find('members', { _id: memberId }, { limit: 1 });
    expect(doc).toMatchObject({
      homeStoreId: 'S002',
      clerkId: 'C0021',
      source: { storeId: 'S002', clerkId: 'C0021', channel: 'qr' },
      consent: { privacy: { version: CONSENT_VERSION }, marketing: null },
    });
    expect((doc.consent as { privacy: { at: number } }).privacy.at).toBeGreaterThanOrEqual(at);
    expect(emu.database.find('consents', { memberId }, { limit: 5 })).toEqual([
      expect.objectContaining({
        kind: 'privacy',
        granted: true,
        version: CONSENT_VERSION,
        channel: 'signup',
        storeId: 'S002',
      }),
    ]);
    const profile = await memberOk(emu, 'o_attrib', 'getProfile');
    expect(profile).toMatchObject({
      marketingConsent: false,
      privacyConsent: { version: CONSENT_VERSION },
    });
  });

  it('links a second WeChat identity with a known phone to the existing member, without a new gift', async () => {
    const first = await signUp(emu, 'o_link_a', '13911110003', emu.sceneFor('S001'));
    expect(first.giftCoupon).not.toBeNull();
    const second = await signUp(emu, 'o_link_b', '13911110003', emu.sceneFor('S002', 'C0021'));
    expect(second).toEqual({
      memberId: first.memberId,
      created: false,
      giftCoupon: null,
      giftRefusal: 'notNewMember',
    });
    expect(emu.database.count('coupons', { memberId: first.memberId })).toBe(1);
    // attribution stays with the store that brought the member in
    expect(emu.database.find('members', { _id: first.memberId }, { limit: 1 })[0]).toMatchObject({
      homeStoreId: 'S001',
      clerkId: null,
    });
    expect((await memberOk(emu, 'o_link_b', 'me')).status).toBe('member');
  });

  it('links an imported member (no WeChat identity yet) without a gift and records the consent', async () => {
    await emu.database.insertMany('members', [
      {
        _id: 'm_imported',
        memberNo: 20_000_001,
        phone: '13911110004',
        name: '钱多多',
        gender: 'female',
        birthday: null,
        level: 'silver',
        points: { balance: 120, lifetime: 500 },
        stats: emptyStats(),
        source: { storeId: 'S003', clerkId: null, channel: 'import', at: 0 },
        homeStoreId: 'S003',
        clerkId: null,
        consent: { privacy: null, marketing: null },
        status: 'active',
        createdAt: 0,
        updatedAt: 0,
      },
    ]);
    const out = await signUp(emu, 'o_imported', '13911110004', emu.sceneFor('S001'));
    expect(out).toEqual({
      memberId: 'm_imported',
      created: false,
      giftCoupon: null,
      giftRefusal: 'notNewMember',
    });
    expect(emu.database.count('coupons', { memberId: 'm_imported' })).toBe(0);
    const [doc] = emu.database.find('members', { _id: 'm_imported' }, { limit: 1 });
    expect(doc).toMatchObject({
      homeStoreId: 'S003',
      consent: { privacy: { version: CONSENT_VERSION } },
      points: { balance: 120 },
    });
    expect(
      emu.database.count('consents', { memberId: 'm_imported', kind: 'privacy', granted: true }),
    ).toBe(1);
  });

  it('signing up again from a linked identity answers the same member and gives nothing more', async () => {
    const first = await signUp(emu, 'o_again', '13911110005');
    const again = await signUp(emu, 'o_again', '13911110005');
    expect(again).toEqual({
      memberId: first.memberId,
      created: false,
      giftCoupon: null,
      giftRefusal: 'notNewMember',
    });
    expect(emu.database.count('coupons', { memberId: first.memberId })).toBe(1);
  });

  it('rejects an edited checkout code (store, clerk or signature changed) and writes nothing', async () => {
    const good = emu.sceneFor('S001', 'C0011');
    const [store, clerk, sig] = good.split('.');
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    const edited = [
      `S002.${clerk}.${sig}`, // another store
      `${store}.C0021.${sig}`, // another clerk
      `${store}.${flip(clerk)}.${sig}`, // a clerk id that does not exist
      `${store}..${sig}`, // the clerk removed
      `${store}.${clerk}.${flip(sig)}`, // the signature changed
      emu.sceneFor('S001', 'C0021'), // signed, but the clerk works at another store
      emu.sceneFor('S999'), // signed, but no such store
    ];
    const before = snapshot(emu);
    for (const scene of edited) {
      const code = phoneCode('13911110006');
      expect(await member(emu, 'o_edited', 'resolveScene', { scene })).toMatchObject({
        ok: false,
        error: { code: 'SCENE.INVALID' },
      });
      expect(
        await member(emu, 'o_edited', 'signup', {
          phoneCode: code,
          scene,
          consentVersion: CONSENT_VERSION,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'SCENE.INVALID' },
      });
    }
    expect(snapshot(emu)).toBe(before);
    expect(await memberOk(emu, 'o_edited', 'resolveScene', { scene: good })).toEqual({
      storeId: 'S001',
      storeName: '南京西路店',
      clerkId: 'C0011',
      clerkName: '王芳',
    });
  });

  it('refuses a signup without the current consent version, before anything is written', async () => {
    const before = snapshot(emu);
    for (const consentVersion of ['2025-01', 'x']) {
      expect(
        await member(emu, 'o_noconsent', 'signup', {
          phoneCode: phoneCode('13911110007'),
          consentVersion,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'CONSENT.OUTDATED' },
      });
    }
    expect(
      await member(emu, 'o_noconsent', 'signup', {
        phoneCode: 'dev_123_bad',
        consentVersion: CONSENT_VERSION,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PHONE.CODE_INVALID' },
    });
    expect(snapshot(emu)).toBe(before);
  });

  it('holds the per-store daily gift cap, still signs people up, and opens again the next Shanghai day', async () => {
    const scene = emu.sceneFor('S003');
    const results = await Promise.all(
      Array.from({ length: CAP + 3 }, (_, i) =>
        signUp(emu, `o_cap_${i}`, `1391112${String(i).padStart(4, '0')}`, scene),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.filter((r) => r.giftCoupon)).toHaveLength(CAP);
    expect(results.filter((r) => r.giftRefusal === 'dailyCapReached')).toHaveLength(3);
    for (const r of results) expect(r.giftCoupon === null).toBe(r.giftRefusal !== null);
    const ids = results.map((r) => r.memberId);
    expect(emu.database.count('coupons', { memberId: { $in: ids } })).toBe(CAP);
    // another store's cap is its own
    expect(
      (await signUp(emu, 'o_cap_other', '13911129999', emu.sceneFor('S002'))).giftCoupon,
    ).not.toBeNull();

    await emu.travel({ advanceMs: 86_400_000 });
    try {
      expect((await signUp(emu, 'o_cap_tomorrow', '13911128888', scene)).giftCoupon).not.toBeNull();
    } finally {
      await emu.travel({ reset: true });
    }
  });
});
