/**
 * Helpers for the loyalty and staff emulator tests: members, coupons, lots and rewards
 * written straight into the emulator's database (the shapes the functions write), calls
 * that also answer the database requests they made, and collection counts to prove that
 * a refused request wrote nothing.
 */
import { createHmac } from 'node:crypto';
import type { TestEmulator } from '../../support/emulator';
import type { Reply } from '../../../src/contracts/reply';
import { emptyStats, type MemberStats } from '../../../src/domain/memberStats';
import { memberCodeAt, memberCodeKey } from '../../../src/domain/memberCode';
import { amountOffTemplate } from '../../../src/domain/chainCoupons';
import {
  couponDocOf,
  couponSpecOf,
  type CouponDoc,
} from '../../../cloudfunctions/_shared/repos/coupons';
import type { CouponTemplate } from '../../../src/domain/coupons';
import { catalogueTemplate } from '../../../scripts/seed/loyaltyCatalogue';
import { firstBirthdayDue } from '../../../src/domain/birthdayGreeting';

export const MEMBER_CODE_SECRET = 'local-dev-member-code-secret';
export const POS_KEYS = {
  S001: 'test-pos-key-S001-0123456789',
  S002: 'test-pos-key-S002-0123456789',
};
export const FUNCTION_ENV = { CRM_POS_KEYS: JSON.stringify(POS_KEYS) };

/** Collections the loyalty engine writes (for "wrote nothing" checks). */
export const WRITTEN = [
  'orders',
  'pointLots',
  'pointsLedger',
  'coupons',
  'members',
  'refunds',
  'redemptions',
  'rewards',
  'staff',
  'staffInvites',
  'outbox',
] as const;

let seq = 0;
// distinct per test process, so members never collide on the unique phone / memberNo indexes
const BASE_NO = 30_000_000 + Math.floor(Math.random() * 60_000) * 1000;
const BASE_PHONE = Math.floor(Math.random() * 900_000) * 1000;
const uid = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(++seq).toString(36).padStart(4, '0')}`;

export type TestMember = { _id: string; memberNo: number; phone: string; openid: string };

export function addMember(
  emu: TestEmulator,
  over: Partial<{
    name: string | null;
    gender: 'female' | 'male' | null;
    level: 'normal' | 'silver' | 'gold';
    balance: number;
    lifetime: number;
    clerkId: string | null;
    homeStoreId: string | null;
    stats: Partial<MemberStats>;
    status: 'active' | 'deleted';
    /** the member's id, when a test needs one it chose (e.g. on a side of a holdout hash) */
    id: string;
    /** more member fields, as a function would have written them */
    fields: Record<string, unknown>;
    /** a recorded birthday (due for its greeting as if recorded now, see birthdayGreeting.ts) */
    birthday: { month: number; day: number; year: number | null };
    /** point lots (with their earn ledger entries); the balance is their sum unless given */
    lots: { points: number; expiresAt: number; earnedAt?: number; id?: string }[];
  }> = {},
): TestMember {
  const n = ++seq;
  const _id = over.id ?? uid('m');
  const lots = (over.lots ?? []).map((l) => ({
    _id: l.id ?? uid('lot'),
    memberId: _id,
    earned: l.points,
    remaining: l.points,
    expiresAt: l.expiresAt,
    earnedAt: l.earnedAt ?? 0,
    orderId: null,
    source: 'award',
  }));
  if (lots.length) {
    emu.database.insertMany('pointLots', lots);
    emu.database.insertMany(
      'pointsLedger',
      lots.map((l) => ({
        _id: uid('led'),
        memberId: _id,
        kind: 'earn',
        delta: l.earned,
        ref: l._id,
        at: l.earnedAt,
      })),
    );
  }
  const lotSum = lots.reduce((s, l) => s + l.earned, 0);
  const memberNo = BASE_NO + n;
  const phone = `13${String(BASE_PHONE + n).padStart(9, '0')}`;
  const openid = `o_${_id}`;
  emu.database.insertMany('members', [
    {
      _id,
      memberNo,
      phone,
      phoneTail: phone.slice(-4),
      name: over.name === undefined ? '张三丰' : over.name,
      gender: over.gender === undefined ? 'female' : over.gender,
      birthday: over.birthday ?? null,
      birthdayDueAt: over.birthday ? firstBirthdayDue(over.birthday, emu.clock.now()) : null,
      level: over.level ?? 'normal',
      points: {
        balance: over.balance ?? lotSum,
        lifetime: over.lifetime ?? over.balance ?? lotSum,
      },
      stats: { ...emptyStats(), ...over.stats },
      source: { storeId: 'S001', clerkId: null, channel: 'qr', at: 0 },
      homeStoreId: over.homeStoreId === undefined ? 'S001' : over.homeStoreId,
      clerkId: over.clerkId === undefined ? 'C0011' : over.clerkId,
      consent: { privacy: { version: '2026-11', at: 0 }, marketing: null },
      status: over.status ?? 'active',
      createdAt: 0,
      updatedAt: 0,
      ...over.fields,
    },
  ]);
  emu.database.insertMany('identities', [
    { _id: openid, memberId: _id, appid: 'test', unionid: null, linkedAt: 0 },
  ]);
  return { _id, memberNo, phone, openid };
}

/**
 * The demo catalogue's 满100减20 coupon template (scripts/seed), valid 30 days, as the mall and
 * reconciliation tests redeem it.
 */
export function thresholdTemplate(_id: string, stock?: number, createdAt = 0) {
  return {
    ...catalogueTemplate('mall-20'),
    _id,
    name: '满100减20',
    validity: { type: 'relative', days: 30 },
    ...(stock === undefined ? {} : { stock }),
    createdAt,
  };
}

export function addCoupon(
  emu: TestEmulator,
  memberId: string,
  over: Partial<CouponTemplate & Pick<CouponDoc, 'validFrom' | 'validUntil' | 'status'>> = {},
): { _id: string; code: string } {
  const key = uid('cp');
  const code = `T${uid('')
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')}`.slice(0, 16);
  const terms = { ...amountOffTemplate(1_000, 30), ...over };
  const doc = couponDocOf({
    memberId,
    code,
    issueKey: `test:${key}`,
    now: 0,
    spec: couponSpecOf(
      'test',
      terms,
      { validFrom: over.validFrom ?? 0, validUntil: over.validUntil ?? 4_102_444_800_000 },
      'signup',
    ),
  });
  emu.database.insertMany('coupons', [{ ...doc, status: over.status ?? 'unused' }]);
  return { _id: doc._id, code };
}

export const memberCodeFor = (emu: TestEmulator, memberNo: number) =>
  memberCodeAt(memberNo, memberCodeKey(memberNo, MEMBER_CODE_SECRET), emu.clock.now());

/** Call a callable function; answers the reply and the database requests it made. */
export async function callCounted<T>(
  emu: TestEmulator,
  name: string,
  event: Record<string, unknown>,
  openid: string,
): Promise<{ reply: Reply<T>; requests: number; byAction: Record<string, number> }> {
  const out = await emu.invoke(
    name,
    { ...event, userInfo: { appId: 'test', openId: openid } },
    { openid, source: 'wx_client' },
  );
  if (!out.ok) throw new Error(`${name} failed: ${out.errCode} ${out.errMsg}`);
  const stats = emu.stats.get(out.invocationId) as {
    total: number;
    byAction: Record<string, number>;
  };
  return { reply: out.result as Reply<T>, requests: stats.total, byAction: stats.byAction };
}

/** The data of an ok reply, or a thrown error naming the code (for concise tests). */
export function data<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.data;
}

export function counts(emu: TestEmulator): Record<string, number> {
  return Object.fromEntries(WRITTEN.map((c) => [c, emu.database.count(c, {})]));
}

/** A WeChat HTTP access service event for `pos`, signed with the store's key (or `sign`). */
export function posEvent(
  body: unknown,
  opts: { storeKey?: string; sign?: string; raw?: string } = {},
) {
  const raw = opts.raw ?? JSON.stringify(body);
  const storeId = (body as { storeId?: string })?.storeId ?? 'S001';
  const key = opts.storeKey ?? POS_KEYS[storeId as keyof typeof POS_KEYS] ?? 'no-key';
  const signature = opts.sign ?? `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;
  return {
    httpMethod: 'POST',
    path: '/pos',
    headers: { 'content-type': 'application/json', 'x-crm-signature': signature },
    body: raw,
    isBase64Encoded: false,
  };
}

export async function callPos<T>(emu: TestEmulator, event: Record<string, unknown>) {
  const out = await emu.invoke('pos', event, { source: 'wx_http' });
  if (!out.ok) throw new Error(`pos failed: ${out.errCode} ${out.errMsg}`);
  const res = out.result as { statusCode: number; body: string };
  const stats = emu.stats.get(out.invocationId) as {
    total: number;
    byAction: Record<string, number>;
  };
  return {
    status: res.statusCode,
    reply: JSON.parse(res.body) as Reply<T>,
    requests: stats.total,
    byAction: stats.byAction,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDoc = Record<string, any>;
/** Documents of a collection, loosely typed for assertions. */
export const find = (
  emu: TestEmulator,
  collection: string,
  query: Record<string, unknown> = {},
  opts: { sort?: Record<string, 1 | -1>; limit?: number } = {},
) => emu.database.find(collection, query, opts) as AnyDoc[];
