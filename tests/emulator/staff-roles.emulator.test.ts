/**
 * Staff identities and roles on the server: invites bind a WeChat identity once, a
 * shopper cannot call staff actions, a clerk acts only for their own store, the till sees
 * masked details of other clerks' customers, checkout codes carry a signed scene.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { PurchaseResult, StaffView, TillMemberView } from '../../src/contracts/staff';
import { decodeScene } from '../../src/domain/scene';
import { DAY_MS } from '../../src/domain/calendar';
import {
  addCoupon,
  addMember,
  counts,
  data,
  FUNCTION_ENV,
  memberCodeFor,
  find,
} from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
const CLERK2 = 'o_test_clerk_S002';
const MANAGER = 'o_test_manager_S001';
const HQ = 'o_test_hq';
let emu: TestEmulator;
let n = 0;

const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('staff', { action, ...input }, openid);
const invite = (openid: string, input: Record<string, unknown>) =>
  staff<{ code: string; expiresAt: number }>('createInvite', input, openid);
const bind = (openid: string, code: string) =>
  staff<{ staff: StaffView }>('bindInvite', { code }, openid);
const LINES = [{ category: '家居清洁', amountFen: 8_600 }];

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('invites and binding', () => {
  it('a manager invites clerks for their own store only; HQ invites anyone', async () => {
    const own = data(await invite(MANAGER, { role: 'clerk', storeId: null, name: '新店员' }));
    expect(own.code).toMatch(/^[0-9A-Z]{8}$/);
    expect(find(emu, 'staffInvites', { _id: own.code })[0]).toMatchObject({
      role: 'clerk',
      storeId: 'S001',
      createdBy: 'M001',
      usedAt: null,
    });
    expect(await invite(MANAGER, { role: 'clerk', storeId: 'S002', name: '越权' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.WRONG_STORE' },
    });
    expect(await invite(MANAGER, { role: 'manager', storeId: 'S001', name: '越权' })).toMatchObject(
      { ok: false, error: { code: 'AUTH.FORBIDDEN' } },
    );
    expect(await invite(CLERK, { role: 'clerk', storeId: 'S001', name: '越权' })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(
      data(await invite(HQ, { role: 'manager', storeId: 'S002', name: '新店长' })).code,
    ).toHaveLength(8);
    expect(data(await invite(HQ, { role: 'hq', storeId: null, name: '总部' })).code).toHaveLength(
      8,
    );
    expect(await invite(HQ, { role: 'hq', storeId: 'S001', name: '总部' })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT' },
    });
    expect(await invite(HQ, { role: 'clerk', storeId: 'S999', name: '无店' })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.NOT_FOUND' },
    });
  });

  it('binds a WeChat identity once; the code is one-time; whoami answers the binding', async () => {
    const { code } = data(await invite(MANAGER, { role: 'clerk', storeId: null, name: '周洁' }));
    const openid = `o_new_clerk_${++n}`;
    expect(data(await staff<{ staff: StaffView | null }>('whoami', {}, openid))).toEqual({
      staff: null,
    });
    const bound = data(await bind(openid, code.toLowerCase())).staff;
    expect(bound).toMatchObject({
      name: '周洁',
      role: 'clerk',
      storeId: 'S001',
      storeName: '南京西路店',
    });
    expect(bound.staffId).toMatch(/^C[0-9A-Z]{6}$/);
    expect(data(await staff<{ staff: StaffView | null }>('whoami', {}, openid)).staff).toEqual(
      bound,
    );
    expect(data(await bind(openid, code)).staff).toEqual(bound); // a retried bind
    expect(await bind(`o_other_${++n}`, code)).toMatchObject({
      ok: false,
      error: { code: 'STAFF.INVITE_INVALID' },
    });
    const another = data(await invite(MANAGER, { role: 'clerk', storeId: null, name: '又一个' }));
    expect(await bind(openid, another.code)).toMatchObject({
      ok: false,
      error: { code: 'STAFF.ALREADY_BOUND' },
    });
    // the new clerk can work the till at once
    const m = addMember(emu);
    expect(
      data(
        await staff<PurchaseResult>(
          'recordPurchase',
          { memberId: m._id, receiptNo: `B${++n}`, lines: LINES },
          openid,
        ),
      ).pointsEarned,
    ).toBe(86);
  });

  it('10 identities binding one code at once: exactly one wins', async () => {
    const { code } = data(await invite(HQ, { role: 'clerk', storeId: 'S002', name: '抢码' }));
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => bind(`o_race_${n}_${i}`, code)),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies) if (!r.ok) expect(r.error.code).toBe('STAFF.INVITE_INVALID');
    expect(emu.database.count('staff', { inviteCode: code })).toBe(1);
  });

  it('an expired invite cannot be used', async () => {
    const { code, expiresAt } = data(
      await invite(MANAGER, { role: 'clerk', storeId: null, name: '过期' }),
    );
    expect(expiresAt - emu.clock.now()).toBeGreaterThan(6 * DAY_MS);
    await emu.travel({ advanceMs: 8 * DAY_MS });
    try {
      expect(await bind(`o_late_${++n}`, code)).toMatchObject({
        ok: false,
        error: { code: 'STAFF.INVITE_INVALID' },
      });
    } finally {
      await emu.travel({ reset: true });
    }
  });
});

describe('roles and stores', () => {
  it('lists the chain’s stores for staff (HQ picks one when inviting), not for shoppers', async () => {
    const listed = await staff<{ stores: { id: string; name: string }[] }>('listStores', {}, HQ);
    expect(listed).toMatchObject({ ok: true });
    if (listed.ok) expect(listed.data.stores.map((s) => s.id)).toEqual(['S001', 'S002', 'S003']);
    expect(await staff('listStores', {}, 'o_some_shopper')).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });

  it('a shopper (or nobody) calling staff actions is refused and nothing is written', async () => {
    const m = addMember(emu);
    const before = counts(emu);
    const calls: [string, Record<string, unknown>][] = [
      ['createInvite', { role: 'clerk', storeId: 'S001', name: '冒充' }],
      ['getCheckoutCode', {}],
      ['lookupMember', { phone: m.phone }],
      ['recordPurchase', { memberId: m._id, receiptNo: 'SHOPPER1', lines: LINES }],
      ['refund', { orderId: 'S001.X', requestId: 'shopper-refund-1' }],
      ['listStoreOrders', {}],
    ];
    for (const [action, input] of calls) {
      expect(await staff(action, input, m.openid)).toMatchObject({
        ok: false,
        error: { code: 'AUTH.FORBIDDEN' },
      });
      expect(await staff(action, input, '')).toMatchObject({
        ok: false,
        error: { code: 'AUTH.NO_IDENTITY' },
      });
    }
    expect(data(await staff('whoami', {}, m.openid))).toEqual({ staff: null });
    expect(counts(emu)).toEqual(before);
  });

  it('a deactivated clerk is refused', async () => {
    emu.database.insertMany('staff', [
      {
        _id: 'CGONE1',
        name: '已离职',
        storeId: 'S001',
        role: 'clerk',
        openid: 'o_gone_clerk',
        active: false,
        createdAt: 0,
      },
    ]);
    expect(await staff('lookupMember', { phone: '13800000000' }, 'o_gone_clerk')).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(data(await staff('whoami', {}, 'o_gone_clerk'))).toEqual({ staff: null });
  });

  it('a clerk acts only for their own store: purchases go to it, other stores’ orders are out of reach', async () => {
    const m = addMember(emu);
    const order = data(
      await staff<PurchaseResult>(
        'recordPurchase',
        { memberId: m._id, receiptNo: `OWN${++n}`, lines: LINES },
        CLERK2,
      ),
    );
    expect(find(emu, 'orders', { _id: order.orderId })[0].storeId).toBe('S002');
    const before = counts(emu);
    expect(
      await staff('refund', { orderId: order.orderId, requestId: `wrong-store-${n}` }, CLERK),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.WRONG_STORE' } });
    expect(
      await staff('refund', { orderId: order.orderId, requestId: `wrong-store-${n}` }, MANAGER),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.WRONG_STORE' } });
    expect(counts(emu)).toEqual(before);
    type Orders = {
      orders: { id: string; storeId: string; memberDisplayName: string }[];
      hasMore: boolean;
    };
    const mine = data(await staff<Orders>('listStoreOrders', { limit: 50 }, CLERK));
    expect(mine.orders.every((o) => o.storeId === 'S001')).toBe(true);
    expect(mine.orders.map((o) => o.id)).not.toContain(order.orderId);
    const theirs = data(await staff<Orders>('listStoreOrders', { limit: 50 }, CLERK2));
    expect(theirs.orders[0]).toMatchObject({ id: order.orderId, storeName: '徐家汇店' });
    const all = data(await staff<Orders>('listStoreOrders', { limit: 50 }, HQ));
    expect(new Set(all.orders.map((o) => o.storeId)).size).toBeGreaterThan(1);
    // HQ has no till
    expect(
      await staff('recordPurchase', { memberId: m._id, receiptNo: `HQ${++n}`, lines: LINES }, HQ),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('the till', () => {
  it('a clerk sets or corrects a member’s birthday (members set it only once); who and when is kept', async () => {
    const m = addMember(emu, {
      name: '李雪',
      gender: 'female',
      clerkId: 'C0011',
      homeStoreId: 'S001',
    });
    const set = await staff<{ birthdayText: string }>(
      'setMemberBirthday',
      { memberId: m._id, birthday: { month: 2, day: 29, year: 1992 } },
      CLERK2, // a clerk of another store, serving the member in person
    );
    expect(set).toMatchObject({ ok: true, data: { birthdayText: '2月29日' } });
    const stored = emu.database.find('members', { _id: m._id }, { limit: 1 })[0];
    expect(stored).toMatchObject({
      birthday: { month: 2, day: 29, year: 1992 },
      birthdayChangedBy: { staffId: 'C0021', storeId: 'S002' },
    });
    const own = data(
      await staff<{ member: TillMemberView }>('lookupMember', { phone: m.phone }, CLERK),
    ).member;
    expect(own.birthdayText).toBe('2月29日');
    const other = data(
      await staff<{ member: TillMemberView }>('lookupMember', { phone: m.phone }, CLERK2),
    ).member;
    expect(other.birthdayText).toBe('已登记');

    for (const [input, openid, code] of [
      [
        { memberId: m._id, birthday: { month: 2, day: 30, year: null } },
        CLERK,
        'COMMON.INVALID_INPUT',
      ],
      [
        { memberId: m._id, birthday: { month: 5, day: 1, year: 2999 } },
        CLERK,
        'COMMON.INVALID_INPUT',
      ],
      [
        { memberId: 'no-such-member', birthday: { month: 5, day: 1, year: null } },
        CLERK,
        'MEMBER.NOT_FOUND',
      ],
      [
        { memberId: m._id, birthday: { month: 5, day: 1, year: null } },
        'o_some_shopper',
        'AUTH.FORBIDDEN',
      ],
    ] as const) {
      expect(await staff('setMemberBirthday', input, openid)).toMatchObject({
        ok: false,
        error: { code },
      });
    }
    expect(emu.database.find('members', { _id: m._id }, { limit: 1 })[0].birthday).toEqual({
      month: 2,
      day: 29,
      year: 1992,
    });
  });

  it('finds a member by code or phone; full form of address for own customers, masked for others', async () => {
    const m = addMember(emu, {
      name: '张三丰',
      gender: 'female',
      clerkId: 'C0011',
      homeStoreId: 'S001',
      lots: [{ points: 120, expiresAt: 4_102_444_800_000 }],
    });
    const usable = addCoupon(emu, m._id);
    addCoupon(emu, m._id, { status: 'used' });
    addCoupon(emu, m._id, { validUntil: emu.clock.now() - 1 });
    addCoupon(emu, m._id, { storeIds: ['S003'] });
    const own = data(
      await staff<{ member: TillMemberView }>(
        'lookupMember',
        { memberCode: memberCodeFor(emu, m.memberNo) },
        CLERK,
      ),
    ).member;
    expect(own).toMatchObject({
      memberId: m._id,
      displayName: '张女士',
      phoneMasked: `${m.phone.slice(0, 3)}****${m.phone.slice(-4)}`,
      ownCustomer: true,
      clerkName: '王芳',
      homeStoreName: '南京西路店',
      points: { balance: 120, lifetime: 120 },
    });
    expect(own.coupons.map((c) => c.id)).toEqual([usable._id]);
    const other = data(
      await staff<{ member: TillMemberView }>('lookupMember', { phone: m.phone }, CLERK2),
    ).member;
    expect(other).toMatchObject({ displayName: '张**', ownCustomer: false, clerkName: '王芳' });
  });

  it('follows the one ownership rule: the store manager sees their store in full, the clerks of a store see a customer nobody has served yet', async () => {
    const lookup = async (phone: string, openid: string) =>
      data(await staff<{ member: TillMemberView }>('lookupMember', { phone }, openid)).member;
    const owned = addMember(emu, {
      name: '赵雅',
      gender: 'female',
      clerkId: 'C0011',
      homeStoreId: 'S001',
    });
    expect(await lookup(owned.phone, MANAGER)).toMatchObject({
      displayName: '赵女士',
      ownCustomer: false,
    });
    expect(await lookup(owned.phone, CLERK2)).toMatchObject({
      displayName: '赵*',
      ownCustomer: false,
    });
    const unserved = addMember(emu, {
      name: '林小姐',
      gender: 'female',
      clerkId: null,
      homeStoreId: 'S002',
    });
    expect(await lookup(unserved.phone, CLERK2)).toMatchObject({
      displayName: '林小姐',
      ownCustomer: false,
    });
    expect(await lookup(unserved.phone, CLERK)).toMatchObject({ displayName: '林**' });
    expect(await lookup(unserved.phone, MANAGER)).toMatchObject({ displayName: '林**' });
  });

  it('refuses an expired or forged member code and an unknown phone', async () => {
    const m = addMember(emu);
    const old = memberCodeFor(emu, m.memberNo);
    await emu.travel({ advanceMs: 120_000 });
    try {
      expect(await staff('lookupMember', { memberCode: old }, CLERK)).toMatchObject({
        ok: false,
        error: { code: 'MEMBER.CODE_INVALID' },
      });
    } finally {
      await emu.travel({ reset: true });
    }
    expect(await staff('lookupMember', { memberCode: '881234567812345678' }, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.CODE_INVALID' },
    });
    expect(await staff('lookupMember', { phone: '13000000001' }, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'MEMBER.NOT_FOUND' },
    });
  });

  it('gives a clerk their own checkout code and a manager the store’s, as a signed scene and a PNG', async () => {
    type Code = {
      scene: string;
      page: string;
      imageBase64: string;
      storeName: string;
      clerkName: string | null;
    };
    const clerk = data(await staff<Code>('getCheckoutCode', {}, CLERK));
    expect(clerk).toMatchObject({
      page: 'pages/index/index',
      storeName: '南京西路店',
      clerkName: '王芳',
    });
    expect(decodeScene(clerk.scene, 'local-dev-scene-secret')).toEqual({
      storeId: 'S001',
      clerkId: 'C0011',
    });
    expect(Buffer.from(clerk.imageBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const manager = data(await staff<Code>('getCheckoutCode', {}, MANAGER));
    expect(decodeScene(manager.scene, 'local-dev-scene-secret')).toEqual({
      storeId: 'S001',
      clerkId: null,
    });
    expect(await staff('getCheckoutCode', {}, HQ)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });
});
