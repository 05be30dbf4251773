/**
 * The emulator as a whole, through the built function bundles and the real wx-server-sdk:
 * identities stay apart under concurrency, data survives a restart, timers fire from
 * config.json at the emulated time.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { CardView } from '../../src/contracts/member';

type SignupOut = { memberId: string; created: boolean };

const phoneFor = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;

describe('emulator foundation', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('runs 50 concurrent invocations with different OPENIDs, each seeing only its own identity', async () => {
    const n = 50;
    const signups = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        emu.call<Reply<SignupOut>>(
          'member',
          { action: 'signup', phoneCode: `dev_${phoneFor(i)}_c${i}`, consentVersion: '2026-12' },
          `o_conc_${i}`,
        ),
      ),
    );
    const memberIds = signups.map((r) => (r.ok ? r.data.memberId : `error:${r.error.code}`));
    expect(new Set(memberIds).size).toBe(n);

    const cards = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        emu.call<Reply<CardView>>('member', { action: 'getCard' }, `o_conc_${i}`),
      ),
    );
    cards.forEach((card, i) => {
      expect(card.ok).toBe(true);
      if (!card.ok) return;
      expect(card.data.memberId).toBe(memberIds[i]);
      expect(card.data.phoneMasked).toBe(`${phoneFor(i).slice(0, 3)}****${phoneFor(i).slice(-4)}`);
    });
  });

  it('answers a caller without an identity with a clear error and writes nothing', async () => {
    const before = emu.database.count('members', {});
    const reply = await emu.call<Reply<unknown>>(
      'member',
      { action: 'signup', phoneCode: 'dev_13700000000_x', consentVersion: '2026-12' },
      '',
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'AUTH.NO_IDENTITY' } });
    expect(emu.database.count('members', {})).toBe(before);
  });

  it('fires a timer from its config.json cron at the emulated time', async () => {
    // 01:59:58 Shanghai on 1 Dec 2026; the `daily` trigger is "0 */10 2-4 * * * *"
    const beforeTwo = Date.parse('2026-11-30T17:59:58Z');
    await emu.travel({ set: beforeTwo });
    emu.scheduler.rearm();
    expect(await emu.scheduler.tick()).toEqual([]);
    await emu.database.insertMany('coupons', [
      {
        _id: 'c-expiring',
        memberId: 'm1',
        code: 'EXPIRE000001',
        issueKey: 'test:expiring',
        limitKey: 'test:expiring',
        status: 'unused',
        validUntil: beforeTwo - 1000,
        validFrom: 0,
      },
      {
        _id: 'c-valid',
        memberId: 'm1',
        code: 'VALID0000001',
        issueKey: 'test:valid',
        limitKey: 'test:valid',
        status: 'unused',
        validUntil: beforeTwo + 86_400_000,
        validFrom: 0,
      },
    ]);
    const fired = await emu.travel({ advanceMs: 3000 });
    // 02:00:00 is also one of the reconcile timer's 5-minute marks, the automations' and the
    // followers timer's 10-minute marks and the outbox timer's minutes
    expect(fired.map((f) => `${f.functionName}/${f.trigger}`)).toEqual([
      'automations/automations',
      'daily/daily',
      'followers/followers',
      'outbox/outbox',
      'reconcile/reconcile',
    ]);
    expect(fired.find((f) => f.functionName === 'daily')!.result).toMatchObject({
      ok: true,
      result: { couponsExpired: 1 },
    });
    expect(emu.database.find('coupons', { _id: 'c-expiring' }, { limit: 1 })[0].status).toBe(
      'expired',
    );
    expect(emu.database.find('coupons', { _id: 'c-valid' }, { limit: 1 })[0].status).toBe('unused');
    // the next run is at 02:10, not again now
    expect(await emu.scheduler.tick()).toEqual([]);
    expect(emu.scheduler.schedule().find((t) => t.functionName === 'daily')?.nextAt).toBe(
      Date.parse('2026-11-30T18:10:00Z'),
    );
    await emu.travel({ reset: true });
  });
});

describe('emulator restart', () => {
  it('keeps the data: a member signed up before a restart still has a card after it', async () => {
    const first = await startTestEmulator();
    await first.seedMinimal();
    const reply = await first.call<Reply<SignupOut>>(
      'member',
      {
        action: 'signup',
        phoneCode: 'dev_13600000001_r1',
        scene: first.sceneFor('S001'),
        consentVersion: '2026-12',
      },
      'o_restart',
    );
    expect(reply.ok).toBe(true);
    await first.stopKeepData();

    const second = await startTestEmulator({ keepDataDir: first.dataDir });
    try {
      const card = await second.call<Reply<CardView>>('member', { action: 'getCard' }, 'o_restart');
      expect(card).toMatchObject({
        ok: true,
        data: { phoneMasked: '136****0001', homeStoreName: '南京西路店', couponsUnused: 1 },
      });
    } finally {
      await second.stop();
    }
  });
});
