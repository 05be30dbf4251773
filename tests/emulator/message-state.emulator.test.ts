/**
 * `miniprogramState` is configuration (CRM_MINIPROGRAM_STATE, cloudfunctions/_shared/config.ts):
 * a subscribe message sent by a function carries the configured state to WeChat (here 体验版,
 * `trial`), and a function deployed without it refuses to run instead of guessing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { PurchaseResult } from '../../src/contracts/staff';
import type { Reply } from '../../src/contracts/reply';
import { shanghaiDate } from '../../src/domain/calendar';
import { addMember, data, FUNCTION_ENV } from './support/loyalty';

const CLERK = 'o_test_clerk_S001';
const TPL = 'TPL_LEVEL_CHANGED';

describe('with CRM_MINIPROGRAM_STATE=trial', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({
      functionEnv: { ...FUNCTION_ENV, CRM_MINIPROGRAM_STATE: 'trial' },
    });
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('a level-change message opens the trial version', async () => {
    const now = emu.clock.now();
    const month = shanghaiDate(now).slice(0, 7);
    const m = addMember(emu, { stats: { spendByMonth: { [month]: 90_000 } } });
    emu.openApi.grantSubscription(m.openid, [TPL], now);
    emu.database.insertMany('subscriptions', [
      {
        _id: `${m.openid}:${TPL}`,
        openid: m.openid,
        memberId: m._id,
        purpose: 'levelChanged',
        templateId: TPL,
        credits: 1,
        accepted: 1,
        spent: 0,
        lastAcceptedAt: now,
        updatedAt: now,
      },
    ]);
    const reply = await emu.call<Reply<PurchaseResult>>(
      'staff',
      {
        action: 'recordPurchase',
        memberId: m._id,
        receiptNo: 'STATE-1',
        lines: [{ category: '家居清洁', amountFen: 15_800 }],
      },
      CLERK,
    );
    expect(data(reply).levelAfter).toBe('silver');
    const sent = emu.openApi.outbox.list({ touser: m.openid });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateId: TPL, meta: { miniprogramState: 'trial' } });
  });
});

describe('without CRM_MINIPROGRAM_STATE', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ functionEnv: { CRM_MINIPROGRAM_STATE: '' } });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('a function refuses every call rather than guess', async () => {
    expect(await emu.call('member', { action: 'getPrivacyNotice' }, 'o_visitor')).toMatchObject({
      ok: false,
      error: { code: 'COMMON.INTERNAL' },
    });
  });
});
