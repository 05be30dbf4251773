/**
 * HQ's loyalty settings through the `crm` function: read by managers and HQ, saved by HQ
 * only, validated by the schema every function reads them with (a bad save writes nothing),
 * versioned with a history entry and an audit entry, a stale save refused — and a saved
 * change takes effect at the next purchase and the next signup, with no cache in between.
 * The audit log records rule changes, refunds (in the refund's transaction) and staff
 * changes, and HQ reads it with the actors' names.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { LoyaltySettingsView, RuleHistoryEntryView } from '../../src/contracts/crm';
import type { PurchaseResult } from '../../src/contracts/staff';
import { parseSettings, type Settings } from '../../src/domain/settings';
import { addMember, data, FUNCTION_ENV, find } from './support/loyalty';
import { signUp } from './support/memberJourney';
import type { AuditEntryView } from '../../src/contracts/staff';
import { auditText } from '../../src/domain/auditText';

const HQ = 'o_test_hq';
const MANAGER = 'o_test_manager_S001';
const CLERK = 'o_test_clerk_S001';

let emu: TestEmulator;
let receipt = 0;
const crm = <T>(action: string, input: Record<string, unknown>, openid = HQ) =>
  emu.call<Reply<T>>('crm', { action, ...input }, openid);
const buy = (memberId: string, amountFen: number) =>
  emu.call<Reply<PurchaseResult>>(
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo: `HQS${++receipt}`,
      lines: [{ category: '家居清洁', quantity: 1, amountFen }],
    },
    CLERK,
  );

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: FUNCTION_ENV });
  await emu.seedMinimal();
});
afterAll(async () => {
  await emu?.stop();
});

describe('HQ: the loyalty settings on a screen', () => {
  let current: LoyaltySettingsView;

  it('managers and HQ read the settings in force (the defaults: version 0); a clerk may not', async () => {
    current = data(await crm<LoyaltySettingsView>('getLoyaltySettings', {}, MANAGER));
    expect(current).toEqual({
      settings: parseSettings({}),
      version: 0,
      updatedAt: null,
      updatedByName: null,
    });
    expect(await crm('getLoyaltySettings', {}, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });

  it('a bad save (gold below silver, a negative amount, a manager) writes nothing', async () => {
    const goldBelow: Settings = {
      ...current.settings,
      levels: { silverSpendFen: 100_000, goldSpendFen: 50_000 },
    };
    expect(await crm('saveLoyaltySettings', { settings: goldBelow, baseVersion: 0 })).toMatchObject(
      { ok: false, error: { code: 'COMMON.INVALID_INPUT', message: '金卡门槛必须高于银卡门槛' } },
    );
    const negative = { ...current.settings, points: { ...current.settings.points, perYuan: -1 } };
    expect(await crm('saveLoyaltySettings', { settings: negative, baseVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INVALID_INPUT' },
    });
    expect(
      await crm('saveLoyaltySettings', { settings: current.settings, baseVersion: 0 }, MANAGER),
    ).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(find(emu, 'settings', { _id: 'loyalty' })).toEqual([]);
    expect(find(emu, 'settingsHistory')).toEqual([]);
    expect(find(emu, 'auditLog', { action: 'settings.change' })).toEqual([]);
  });

  it('a save is the next version, with history (before/after) and an audit entry; a stale one is refused', async () => {
    const next: Settings = {
      ...current.settings,
      points: { ...current.settings.points, perYuan: 2 },
      newMemberGift: { ...current.settings.newMemberGift, amountFen: 2_000, validDays: 15 },
    };
    const saved = data(
      await crm<LoyaltySettingsView>('saveLoyaltySettings', { settings: next, baseVersion: 0 }),
    );
    expect(saved).toMatchObject({ settings: next, version: 1, updatedByName: expect.any(String) });
    expect(find(emu, 'settingsHistory')).toEqual([
      expect.objectContaining({ _id: 'v1', version: 1, by: 'HQ01', after: next }),
    ]);
    expect(find(emu, 'auditLog', { action: 'settings.change' })).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ staffId: 'HQ01', role: 'hq' }),
        target: { kind: 'settings', id: 'loyalty' },
        detail: { version: 1 },
        source: 'crm.saveLoyaltySettings',
      }),
    ]);
    expect(await crm('saveLoyaltySettings', { settings: next, baseVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: 'COMMON.CONFLICT' },
    });
    const read = data(await crm<LoyaltySettingsView>('getLoyaltySettings', {}, MANAGER));
    expect(read).toMatchObject({ version: 1, settings: next, updatedByName: saved.updatedByName });
  });

  it('the change takes effect: a ¥86 order earns 2 points a yuan, a new member gets ¥20 for 15 days', async () => {
    const m = addMember(emu, { level: 'normal' });
    const bought = data(await buy(m._id, 8_600));
    expect(bought.pointsEarned).toBe(172);

    const { memberId } = await signUp(emu, 'o_hq_settings_newcomer', '13900009999');
    const gift = find(emu, 'coupons', { memberId });
    expect(gift).toEqual([expect.objectContaining({ amountFen: 2_000 })]);
    expect(gift[0].validUntil - gift[0].validFrom).toBeLessThanOrEqual(15 * 86_400_000);
    expect(gift[0].validUntil - gift[0].validFrom).toBeGreaterThan(14 * 86_400_000);
  });

  it('the history reads field by field, newest first, with the author', async () => {
    const second = parseSettings({ points: { perYuan: 2 }, levels: { silverSpendFen: 80_000 } });
    data(await crm('saveLoyaltySettings', { settings: second, baseVersion: 1 }));
    const { entries, hasMore } = data(
      await crm<{ entries: RuleHistoryEntryView[]; hasMore: boolean }>(
        'listRuleHistory',
        { rule: 'loyalty', limit: 1 },
        MANAGER,
      ),
    );
    expect(hasMore).toBe(true);
    expect(entries).toEqual([
      {
        version: 2,
        at: expect.any(Number),
        byName: expect.any(String),
        changes: [
          {
            path: 'levels.silverSpendFen',
            label: '银卡门槛（近 12 个月消费）',
            before: '¥1,000',
            after: '¥800',
          },
          { path: 'newMemberGift.amountFen', label: '券面额', before: '¥20', after: '¥10' },
          { path: 'newMemberGift.validDays', label: '有效期', before: '15 天', after: '30 天' },
        ],
      },
    ]);
    const older = data(
      await crm<{ entries: RuleHistoryEntryView[] }>('listRuleHistory', {
        rule: 'loyalty',
        beforeVersion: 2,
      }),
    );
    expect(older.entries.map((e) => [e.version, e.changes.map((c) => c.path)])).toEqual([
      [1, ['points.perYuan', 'newMemberGift.amountFen', 'newMemberGift.validDays']],
    ]);
  });
});

describe('the audit log: refunds and staff changes, read by HQ with names', () => {
  const MANAGER_S001 = MANAGER;
  const staff = <T>(action: string, input: Record<string, unknown>, openid: string) =>
    emu.call<Reply<T>>('staff', { action, ...input }, openid);
  type Page = { entries: (AuditEntryView & { actorName: string })[]; hasMore: boolean };

  it('a refund, an invite, its revoke and an unbind each leave one entry; a retried refund none', async () => {
    const m = addMember(emu, { level: 'normal' });
    const order = data(await buy(m._id, 10_000));
    const refund = { orderId: order.orderId, amountFen: 3_000, requestId: 'audit-refund-1' };
    data(await staff('refund', refund, CLERK));
    data(await staff('refund', refund, CLERK)); // the retry: nothing new
    const code = data(
      await staff<{ code: string }>(
        'createInvite',
        { role: 'clerk', storeId: 'S001', name: '孙丽' },
        MANAGER_S001,
      ),
    ).code;
    data(await staff('revokeInvite', { code }, MANAGER_S001));
    const second = data(
      await staff<{ code: string }>(
        'createInvite',
        { role: 'clerk', storeId: 'S001', name: '周杰' },
        MANAGER_S001,
      ),
    ).code;
    const bound = data(
      await staff<{ staff: { staffId: string } }>('bindInvite', { code: second }, 'o_audit_new'),
    );
    data(await staff('unbindStaff', { staffId: bound.staff.staffId }, MANAGER_S001));
    data(await staff('unbindStaff', { staffId: bound.staff.staffId }, MANAGER_S001)); // again: no entry

    const all = data(await staff<Page>('listAuditEntries', { limit: 50 }, HQ)).entries;
    const actions = all.map((e) => e.action).filter((a) => a !== 'settings.change');
    expect(actions).toEqual([
      'staff.unbind',
      'invite.create',
      'invite.revoke',
      'invite.create',
      'order.refund',
    ]);
    const refunds = data(
      await staff<Page>('listAuditEntries', { auditAction: 'order.refund' }, HQ),
    ).entries;
    expect(refunds).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ role: 'clerk', storeId: 'S001' }),
        actorName: expect.not.stringMatching(/^C/),
        target: { kind: 'order', id: order.orderId },
        detail: expect.objectContaining({ amountFen: 3_000, memberId: m._id }),
        source: 'staff.refund',
      }),
    ]);
    expect(auditText(refunds[0])).toBe(`订单 ${order.orderId} 退款 ¥30`);
    expect(await staff('listAuditEntries', {}, MANAGER_S001)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });
});
