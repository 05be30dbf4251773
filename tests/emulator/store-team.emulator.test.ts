/**
 * The store manager's team: listing, unbinding (access lost at once, open tasks pooled),
 * open invites surviving a reload and revoking them (a revoke and a bind at once: one wins).
 * Roles: a clerk calls none of these, a manager only for their store, HQ for any store.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { InviteView, TeamMemberView } from '../../src/contracts/manager';
import type { StaffView } from '../../src/contracts/staff';
import { data, FUNCTION_ENV, find } from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
const MANAGER = 'o_test_manager_S001';
const MANAGER2 = 'o_test_manager_S002';
const HQ = 'o_test_hq';
let emu: TestEmulator;
let n = 0;

const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>('staff', { action, ...input }, openid);
const invite = async (openid: string, name: string, storeId: string | null = null) =>
  data(await staff<{ code: string }>('createInvite', { role: 'clerk', storeId, name }, openid))
    .code;
const invites = async (openid: string, storeId?: string) =>
  data(await staff<{ invites: InviteView[] }>('listInvites', { storeId }, openid)).invites;
const team = async (openid: string, storeId?: string) =>
  data(await staff<{ team: TeamMemberView[] }>('listTeam', { storeId }, openid)).team;

/** a new clerk of S001, bound through an invite */
async function newClerk(name: string): Promise<{ openid: string; staffId: string }> {
  const code = await invite(MANAGER, name);
  const openid = `o_team_${++n}`;
  const bound = data(await staff<{ staff: StaffView }>('bindInvite', { code }, openid));
  return { openid, staffId: bound.staff.staffId };
}

function addTask(assigneeId: string, state: 'open' | 'done' | 'pooled') {
  const _id = `t_team_${++n}`;
  emu.database.insertMany('tasks', [
    {
      _id,
      memberId: 'm_x',
      storeId: 'S001',
      assigneeId,
      assigneeRole: 'clerk',
      title: '回访',
      script: null,
      dueAt: emu.clock.now(),
      state,
      source: { kind: 'manual', createdBy: 'M001' },
      createdAt: emu.clock.now(),
    },
  ]);
  return _id;
}

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('the team', () => {
  it('lists the store staff with roles and binding time; roles are enforced', async () => {
    const { staffId } = await newClerk('周洁');
    const list = await team(MANAGER);
    expect(list.map((s) => s.role)).toEqual(['manager', ...list.slice(1).map(() => 'clerk')]);
    expect(list).toEqual(
      expect.arrayContaining([
        { staffId: 'M001', name: '赵敏', role: 'manager', boundAt: null },
        { staffId, name: '周洁', role: 'clerk', boundAt: expect.any(Number) },
      ]),
    );
    expect((await team(HQ, 'S002')).map((s) => s.staffId).sort()).toEqual(['C0021', 'M002']);
    for (const [who, storeId, code] of [
      [CLERK, undefined, 'AUTH.FORBIDDEN'],
      [MANAGER, 'S002', 'AUTH.WRONG_STORE'],
      [HQ, undefined, 'COMMON.INVALID_INPUT'],
    ] as const)
      expect(await staff('listTeam', { storeId }, who)).toMatchObject({
        ok: false,
        error: { code },
      });
  });

  it('unbinding a clerk takes their access at once and pools their open tasks', async () => {
    const { openid, staffId } = await newClerk('吴倩');
    const open = [addTask(staffId, 'open'), addTask(staffId, 'open')];
    const done = addTask(staffId, 'done');
    expect(data(await staff('whoami', {}, openid))).toMatchObject({ staff: { staffId } });

    expect(await staff('unbindStaff', { staffId }, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(await staff('unbindStaff', { staffId }, MANAGER2)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.WRONG_STORE' },
    });
    expect(await staff('unbindStaff', { staffId: 'M001' }, MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(await staff('unbindStaff', { staffId: 'NOPE' }, MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'STAFF.NOT_FOUND' },
    });

    expect(data(await staff('unbindStaff', { staffId }, MANAGER))).toEqual({
      staffId,
      alreadyUnbound: false,
      tasksPooled: 2,
    });
    expect(data(await staff('whoami', {}, openid))).toEqual({ staff: null });
    expect(await staff('listStoreOrders', {}, openid)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(find(emu, 'tasks', { _id: { $in: open } }).map((t) => t.state)).toEqual([
      'pooled',
      'pooled',
    ]);
    expect(find(emu, 'tasks', { _id: done })[0].state).toBe('done');
    expect((await team(MANAGER)).map((s) => s.staffId)).not.toContain(staffId);
    // again: nothing more changes
    expect(data(await staff('unbindStaff', { staffId }, MANAGER))).toEqual({
      staffId,
      alreadyUnbound: true,
      tasksPooled: 0,
    });
  });

  it('HQ unbinds a manager of any store', async () => {
    const code = data(
      await staff<{ code: string }>(
        'createInvite',
        { role: 'manager', storeId: 'S003', name: '钱店长' },
        HQ,
      ),
    ).code;
    const openid = `o_team_${++n}`;
    const { staffId } = data(
      await staff<{ staff: StaffView }>('bindInvite', { code }, openid),
    ).staff;
    expect(data(await staff('unbindStaff', { staffId }, HQ))).toMatchObject({
      alreadyUnbound: false,
    });
    expect(data(await staff('whoami', {}, openid))).toEqual({ staff: null });
  });
});

describe('open invites', () => {
  it('are listed for the store until used, revoked or expired; a revoked code binds nobody', async () => {
    const a = await invite(MANAGER, '甲');
    const b = await invite(MANAGER, '乙');
    const other = await invite(MANAGER2, '丙');
    const listed = (await invites(MANAGER)).map((i) => i.code);
    expect(listed).toEqual(expect.arrayContaining([a, b]));
    expect(listed).not.toContain(other);
    expect((await invites(HQ, 'S002')).map((i) => i.code)).toContain(other);
    expect(await staff('listInvites', {}, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });

    expect(await staff('revokeInvite', { code: other }, MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.WRONG_STORE' },
    });
    const revoked = data(await staff<{ revokedAt: number }>('revokeInvite', { code: a }, MANAGER));
    expect(data(await staff('revokeInvite', { code: a.toLowerCase() }, MANAGER))).toEqual({
      code: a,
      revokedAt: revoked.revokedAt,
    });
    expect(await staff('bindInvite', { code: a }, `o_team_${++n}`)).toMatchObject({
      ok: false,
      error: { code: 'STAFF.INVITE_INVALID' },
    });
    await staff('bindInvite', { code: b }, `o_team_${++n}`);
    const after = (await invites(MANAGER)).map((i) => i.code);
    expect(after).not.toContain(a);
    expect(after).not.toContain(b);
    expect(await staff('revokeInvite', { code: b }, MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'STAFF.INVITE_INVALID' },
    });

    const late = await invite(MANAGER, '丁');
    emu.clock.advance(8 * 24 * 3600_000);
    expect((await invites(MANAGER)).map((i) => i.code)).not.toContain(late);
  });

  it('a revoke and binds at once: exactly one wins', async () => {
    const code = await invite(MANAGER, '戊');
    const calls = [
      staff('revokeInvite', { code }, MANAGER),
      ...Array.from({ length: 5 }, () => staff('bindInvite', { code }, `o_team_${++n}`)),
    ];
    const replies = (await Promise.all(calls)) as Reply<unknown>[];
    const winners = replies.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const doc = find(emu, 'staffInvites', { _id: code })[0];
    expect(Boolean(doc.revokedAt) !== Boolean(doc.usedBy)).toBe(true);
    expect(find(emu, 'staff', { inviteCode: code })).toHaveLength(doc.usedBy ? 1 : 0);
  });
});
