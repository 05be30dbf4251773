/**
 * 积分调整 (staff.adjustPoints): a store manager for their store's members and HQ for any add
 * or take back points with a reason. All or nothing with its audit entry; once per request
 * id, however often it is sent and however many copies race; never below zero, however
 * many deductions race; bad input and the wrong people change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import { auditText, type AuditFacts } from '../../src/domain/auditText';
import { shanghaiTime } from '../../src/domain/calendar';
import { addMember, FUNCTION_ENV, find, type TestMember } from './support/loyalty';
import { expectBooksBalance } from './support/reconcile';

const HQ = 'o_test_hq';
const MANAGER = 'o_test_manager_S001';
const OTHER_MANAGER = 'o_test_manager_S002';
const CLERK = 'o_test_clerk_S001';

type Adjusted = { applied: boolean; delta: number; balance: number; entryId: string };
let emu: TestEmulator;
let req = 0;
const adjust = (input: Record<string, unknown>, openid = MANAGER) =>
  emu.call<Reply<Adjusted>>('staff', { action: 'adjustPoints', ...input }, openid);
const requestId = () => `adj-req-${String(++req).padStart(4, '0')}`;
const balanceOf = (m: TestMember) => find(emu, 'members', { _id: m._id })[0].points.balance;
const everything = () =>
  ['members', 'pointLots', 'pointsLedger', 'auditLog'].map(
    (c) => find(emu, c, {}, { limit: 100_000 }).length,
  );

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
  emu.clock.set(shanghaiTime(2027, 3, 10, 12));
});
afterAll(async () => {
  await emu?.stop();
});

describe('积分调整', () => {
  it('a manager adds points to their store’s member: a lot, a ledger line, the audit entry', async () => {
    const m = addMember(emu, { homeStoreId: 'S001', balance: 0 });
    const out = await adjust({
      memberId: m._id,
      delta: 120,
      reason: '顾客投诉补偿',
      requestId: requestId(),
    });
    expect(out).toMatchObject({ ok: true, data: { applied: true, delta: 120, balance: 120 } });
    expect(balanceOf(m)).toBe(120);
    const [lot] = find(emu, 'pointLots', { memberId: m._id });
    expect(lot).toMatchObject({ earned: 120, remaining: 120, source: 'award' });
    expect(lot.expiresAt).toBeGreaterThan(emu.clock.now());
    expect(find(emu, 'pointsLedger', { memberId: m._id })).toEqual([
      expect.objectContaining({ kind: 'adjust', delta: 120, title: '积分调整' }),
    ]);
    const [entry] = find(emu, 'auditLog', { action: 'points.adjust', 'target.id': m._id });
    expect(entry).toMatchObject({
      actor: { role: 'manager', storeId: 'S001' },
      detail: { delta: 120, reason: '顾客投诉补偿', balance: 120 },
      source: 'staff.adjustPoints',
    });
    expect(auditText(entry as unknown as AuditFacts)).toBe(
      `为会员 ${m._id} 增加 120 积分，调整后 120（原因：顾客投诉补偿）`,
    );
    expectBooksBalance(emu, { members: [m._id] });
  });

  it('HQ takes points back from any member, soonest-expiring lots first', async () => {
    const m = addMember(emu, {
      homeStoreId: 'S002',
      lots: [
        { id: 'lot-late', points: 100, expiresAt: shanghaiTime(2028, 12, 31, 23) },
        { id: 'lot-soon', points: 50, expiresAt: shanghaiTime(2027, 12, 31, 23) },
      ],
    });
    const out = await adjust(
      { memberId: m._id, delta: -80, reason: '误积分扣回', requestId: requestId() },
      HQ,
    );
    expect(out).toMatchObject({ ok: true, data: { applied: true, delta: -80, balance: 70 } });
    const remaining = Object.fromEntries(
      find(emu, 'pointLots', { memberId: m._id }).map((l) => [l._id, l.remaining]),
    );
    expect(remaining).toEqual({ 'lot-late': 70, 'lot-soon': 0 });
    expectBooksBalance(emu, { members: [m._id] });
  });

  it('never below zero: more than the member can spend is refused and nothing changes', async () => {
    const m = addMember(emu, {
      homeStoreId: 'S001',
      lots: [
        { points: 30, expiresAt: shanghaiTime(2027, 12, 31, 23) },
        { points: 500, expiresAt: shanghaiTime(2027, 1, 1, 0) }, // expired
      ],
      balance: 30,
    });
    const before = everything();
    expect(
      await adjust({ memberId: m._id, delta: -31, reason: '误积分扣回', requestId: requestId() }),
    ).toMatchObject({
      ok: false,
      error: { code: 'POINTS.INSUFFICIENT', message: '积分不足：该会员目前可扣减 30 积分' },
    });
    expect(everything()).toEqual(before);
    expect(balanceOf(m)).toBe(30);
  });

  it('a request sent 20 times at once counts once', async () => {
    const m = addMember(emu, { homeStoreId: 'S001', balance: 0 });
    const id = requestId();
    const outs = await Promise.all(
      Array.from({ length: 20 }, () =>
        adjust({ memberId: m._id, delta: 50, reason: '活动补发', requestId: id }),
      ),
    );
    expect(outs.every((o) => o.ok)).toBe(true);
    expect(outs.filter((o) => o.ok && o.data.applied)).toHaveLength(1);
    expect(balanceOf(m)).toBe(50);
    expect(find(emu, 'pointsLedger', { memberId: m._id })).toHaveLength(1);
    expect(find(emu, 'auditLog', { action: 'points.adjust', 'target.id': m._id })).toHaveLength(1);
    // sent again later: the same answer, nothing more
    expect(
      await adjust({ memberId: m._id, delta: 50, reason: '活动补发', requestId: id }),
    ).toMatchObject({ ok: true, data: { applied: false, delta: 50, balance: 50 } });
    expectBooksBalance(emu, { members: [m._id] });
  });

  it('30 different deductions racing for 100 points: at most 100 taken, the books balance', async () => {
    const m = addMember(emu, {
      homeStoreId: 'S001',
      lots: [{ points: 100, expiresAt: shanghaiTime(2027, 12, 31, 23) }],
    });
    const outs = await Promise.all(
      Array.from({ length: 30 }, () =>
        adjust({ memberId: m._id, delta: -10, reason: '误积分扣回', requestId: requestId() }),
      ),
    );
    const taken = outs.filter((o) => o.ok).length;
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThanOrEqual(10);
    for (const o of outs)
      if (!o.ok) expect(['POINTS.INSUFFICIENT', 'COMMON.CONFLICT']).toContain(o.error.code);
    expect(balanceOf(m)).toBe(100 - 10 * taken);
    expect(find(emu, 'auditLog', { action: 'points.adjust', 'target.id': m._id })).toHaveLength(
      taken,
    );
    expectBooksBalance(emu, { members: [m._id] });
  });

  it('a clerk, another store’s manager and bad input are refused; nothing is written', async () => {
    const m = addMember(emu, { homeStoreId: 'S001', balance: 0 });
    const before = everything();
    const good = { memberId: m._id, delta: 10, reason: '顾客投诉补偿' };
    expect(await adjust({ ...good, requestId: requestId() }, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(await adjust({ ...good, requestId: requestId() }, OTHER_MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.WRONG_STORE' },
    });
    for (const [bad, message] of [
      [{ delta: 0 }, '调整的积分不能为 0'],
      [{ delta: 1.5 }, '调整的积分须为整数'],
      [{ delta: 100_001 }, '每次最多调整 100000 积分'],
      [{ reason: '补' }, '请写明调整原因（2–60 字）'],
      [{ memberId: 'm_nobody' }, null],
    ] as const) {
      const out = await adjust({ ...good, ...bad, requestId: requestId() }, HQ);
      expect(out.ok).toBe(false);
      if (message) expect(out).toMatchObject({ error: { code: 'COMMON.INVALID_INPUT', message } });
      else expect(out).toMatchObject({ error: { code: 'MEMBER.NOT_FOUND' } });
    }
    expect(everything()).toEqual(before);
  });
});
