/**
 * Automations' member messages as subscribe messages (purpose `offer`): written at 05:00,
 * inside quiet hours, they wait (deferred, not dropped) and go out from 09:00 — once, to the
 * member holding a credit and the marketing consent; a member with no credit or no marketing
 * consent has the card notice only (the fallback), and the run records which. Two timer runs
 * at once, or a rerun, send nothing twice; a message planned in the day goes out at once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import { find, thresholdTemplate } from './support/loyalty';
import { addTaggedMember, fireTimer } from './support/tags';
import { grantCredit, only, setAutomations } from './support/automations';

const TPL = 'TPL_MEMBER_OFFER';
let emu: TestEmulator;

const MARKETING = { consent: { privacy: { version: '2026-11', at: 0 }, marketing: { at: 0 } } };
const sentTo = (openid: string) =>
  emu.openApi.outbox
    .list({ channel: 'subscribe', touser: openid })
    .filter((m) => m.status === 'delivered');
const outcomeOf = (memberId: string) =>
  find(emu, 'automationRuns', { memberId })[0].actions.find(
    (a: { kind: string }) => a.kind === 'memberMessage',
  ).outcome;

beforeAll(async () => {
  emu = await startTestEmulator();
  await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate('auto-recall')]);
});
afterAll(async () => {
  await emu?.stop();
});

describe('member messages of automations', () => {
  const m: Record<string, { _id: string; openid: string }> = {};

  it('at 05:00 (quiet hours) every message waits; nothing is sent', async () => {
    emu.clock.set(shanghaiTime(2027, 6, 10, 5));
    setAutomations(emu, [only('inactive7')]);
    m.credited = addTaggedMember(emu, [{ daysAgo: 7 }], { fields: MARKETING });
    m.noCredit = addTaggedMember(emu, [{ daysAgo: 7 }], { fields: MARKETING });
    m.noConsent = addTaggedMember(emu, [{ daysAgo: 7 }]);
    grantCredit(emu, m.credited, 'offer', TPL);
    grantCredit(emu, m.noConsent, 'offer', TPL);
    await fireTimer(emu, 'automations');
    for (const x of Object.values(m)) expect(outcomeOf(x._id)).toBe('deferred');
    expect(find(emu, 'deferredMessages')).toHaveLength(3);
    emu.clock.set(shanghaiTime(2027, 6, 10, 8, 59));
    await fireTimer(emu, 'automations');
    expect(emu.openApi.outbox.list({ channel: 'subscribe' })).toHaveLength(0);
  });

  it('from 09:00: sent once to the credited, consenting member; the others keep the card notice', async () => {
    emu.clock.set(shanghaiTime(2027, 6, 10, 9, 5));
    // two runs at once, then a rerun: one message
    await Promise.all([fireTimer(emu, 'automations'), fireTimer(emu, 'automations')]);
    await fireTimer(emu, 'automations');
    const [msg] = sentTo(m.credited.openid);
    expect(sentTo(m.credited.openid)).toHaveLength(1);
    expect(msg).toMatchObject({
      templateId: TPL,
      page: 'pages/card/index',
      data: { thing1: { value: '好久不见' }, thing2: { value: '送您一张优惠券，欢迎回店看看' } },
    });
    expect(sentTo(m.noCredit.openid)).toHaveLength(0);
    expect(sentTo(m.noConsent.openid)).toHaveLength(0);
    expect(find(emu, 'deferredMessages')).toHaveLength(0);
    const outbox = (id: string) => find(emu, 'outbox', { memberId: id })[0];
    expect(outbox(m.credited._id)).toMatchObject({ state: 'sent', purpose: 'offer' });
    expect(outbox(m.noConsent._id)).toMatchObject({ state: 'skipped', skipReason: 'noConsent' });
    for (const x of Object.values(m))
      expect(find(emu, 'members', { _id: x._id })[0].notices).toEqual([
        expect.objectContaining({ automationKey: 'inactive7', title: '好久不见' }),
      ]);
    // the member's credit is spent, once
    expect(find(emu, 'subscriptions', { memberId: m.credited._id })[0]).toMatchObject({
      credits: 0,
      spent: 1,
    });
  });

  it('a message planned in the day goes out at once (after a purchase: thanks)', async () => {
    emu.clock.set(shanghaiTime(2027, 7, 20, 14));
    setAutomations(emu, [only('afterPurchase')]);
    const buyer = addTaggedMember(emu, [{ daysAgo: 30 }], { fields: MARKETING });
    grantCredit(emu, buyer, 'offer', TPL);
    const clerk = find(emu, 'staff', { _id: 'C0011' })[0];
    const reply = await emu.call<{ ok: boolean }>(
      'staff',
      {
        action: 'recordPurchase',
        memberId: buyer._id,
        receiptNo: 'AM-1',
        lines: [{ category: '家居清洁', amountFen: 8_800 }],
      },
      clerk.openid,
    );
    expect(reply.ok).toBe(true);
    emu.clock.advance(60_000); // the purchases pass reads orders 30 s behind the clock
    await fireTimer(emu, 'automations');
    expect(outcomeOf(buyer._id)).toBe('sent');
    expect(sentTo(buyer.openid).map((x) => x.data.thing1)).toEqual([{ value: '感谢光临' }]);
  });
});
