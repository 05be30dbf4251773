/**
 * Revealing a masked field: clerks and managers of any store get the full value with a
 * reason, and every reveal is in the audit log, which only HQ reads (filtered, paged).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, TEST_EPOCH, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { AuditEntryView } from '../../src/contracts/staff';
import { addMember, type TestMember } from './support/loyalty';
import { find } from './support/staffMessages';

let emu: TestEmulator;
let seed: MinimalSeed;
let member: TestMember;

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

const reveal = (field: string, reason: string, openid: string, memberId = member._id) =>
  emu.call<Reply<{ field: string; value: string }>>(
    'staff',
    { action: 'revealMemberField', memberId, field, reason },
    openid,
  );
const audit = (query: Record<string, unknown>, openid = seed.hq.openid) =>
  emu.call<Reply<{ entries: AuditEntryView[]; hasMore: boolean }>>(
    'staff',
    { action: 'listAuditEntries', ...query },
    openid,
  );

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: TEST_EPOCH });
  seed = await emu.seedMinimal();
  const xujiahui = seed.clerks[1];
  member = addMember(emu, {
    name: '张三丰',
    clerkId: xujiahui.id,
    homeStoreId: xujiahui.storeId,
    birthday: { month: 3, day: 9, year: 1990 },
  });
});
afterAll(async () => {
  await emu?.stop();
});

describe('revealing a masked field', () => {
  it('gives a clerk of another store the full value and logs who, what, why', async () => {
    const nanjing = seed.clerks[0];
    const [doc] = find(emu, 'members', { _id: member._id });
    const phone = await reveal('phone', '顾客来电核对', nanjing.openid);
    expect(phone).toEqual({ ok: true, data: { field: 'phone', value: doc.phone } });
    expect(await reveal('name', '电话回访', nanjing.openid)).toMatchObject({
      data: { value: '张三丰' },
    });
    expect(await reveal('birthday', '生日礼核对', seed.managers[2].openid)).toMatchObject({
      data: { value: '1990-03-09' },
    });
    const entries = find(emu, 'auditLog', { 'target.id': member._id });
    expect(entries).toHaveLength(3);
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'member.reveal',
        actor: { staffId: nanjing.id, role: 'clerk', storeId: nanjing.storeId },
        target: { kind: 'member', id: member._id },
        detail: { field: 'phone', reason: '顾客来电核对' },
        source: 'staff.revealMemberField',
      }),
    );
  });

  it('refuses without a reason of 2–50 characters, HQ, and unknown members; logs nothing then', async () => {
    const nanjing = seed.clerks[0];
    const before = find(emu, 'auditLog').length;
    for (const reason of ['', ' 看 ', '长'.repeat(51)]) {
      const reply = await reveal('phone', reason, nanjing.openid);
      expect(!reply.ok && reply.error.code).toBe('COMMON.INVALID_INPUT');
    }
    const hq = await reveal('phone', '总部核对', seed.hq.openid);
    expect(!hq.ok && hq.error.code).toBe('AUTH.FORBIDDEN');
    const nobody = await reveal('phone', '核对一下', nanjing.openid, 'no-such-member');
    expect(!nobody.ok && nobody.error.code).toBe('MEMBER.NOT_FOUND');
    const field = await reveal('address', '核对一下', nanjing.openid);
    expect(!field.ok && field.error.code).toBe('COMMON.INVALID_INPUT');
    expect(find(emu, 'auditLog')).toHaveLength(before);
  });
});

describe('the audit log for HQ', () => {
  it('lists reveals newest first, filtered by actor and action, paged without gaps', async () => {
    const nanjing = seed.clerks[0];
    const all = await audit({ auditAction: 'member.reveal' });
    if (!all.ok) throw new Error(JSON.stringify(all));
    expect(all.ok && all.data.entries).toHaveLength(3);
    const mine = await audit({ actorId: nanjing.id });
    expect(mine.ok && mine.data.entries.map((e) => e.detail.field).sort()).toEqual([
      'name',
      'phone',
    ]);
    const seen: string[] = [];
    let before: { at: number; id: string } | undefined;
    for (let page = 0; page < 5; page++) {
      const reply = await audit({ limit: 1, ...(before ? { before } : {}) });
      if (!reply.ok) throw new Error(reply.error.code);
      seen.push(...reply.data.entries.map((e) => e.id));
      const last = reply.data.entries.at(-1);
      if (!reply.data.hasMore || !last) break;
      before = { at: last.at, id: last.id };
    }
    expect(seen).toEqual(all.ok ? all.data.entries.map((e) => e.id) : []);
    const ats = all.ok ? all.data.entries.map((e) => e.at) : [];
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    const later = await audit({ from: Math.max(...ats) + 1 });
    expect(later.ok && later.data.entries).toEqual([]);
  });

  it('is for HQ only', async () => {
    for (const openid of [seed.clerks[0].openid, seed.managers[0].openid]) {
      const reply = await audit({}, openid);
      expect(!reply.ok && reply.error.code).toBe('AUTH.FORBIDDEN');
    }
  });
});
