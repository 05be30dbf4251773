/**
 * Campaigns (营销活动): HQ creates one over a segment, launches it; the automations timer
 * walks the audience page by page (10 a page here) — holdout by the keyed hash, a coupon and
 * a card notice for each treated member, nothing for the holdout — and a rerun or a run
 * killed after any request issues nothing twice. The results are treated vs holdout in the
 * attribution window, with the lift; managers read their store's; bad input writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { DAY_MS, shanghaiTime } from '../../src/domain/calendar';
import { assignGroup } from '../../src/domain/automations/holdout';
import { campaignKey } from '../../src/domain/campaigns/campaign';
import type { Reply } from '../../src/contracts/reply';
import type { CampaignResultsView, CampaignView } from '../../src/contracts/crm';
import type { AutomationsRunResult } from '../../cloudfunctions/automations/index';
import { addMember, data, find, thresholdTemplate, type AnyDoc } from './support/loyalty';
import { PII_SECRET, setAutomations } from './support/automations';
import { fire, run } from './support/staffMessages';

/** killed at every request point, then rerun: minutes when the suite shares 2 cores */
const KILL_EVERYWHERE_TIMEOUT_MS = 600_000;

const HQ = 'o_test_hq';
const MANAGER = 'o_test_manager_S001';
const MANAGER2 = 'o_test_manager_S002';
const CLERK = 'o_test_clerk_S001';
const TEMPLATE = 'cmp-tpl';

let emu: TestEmulator;
const crm = <T>(action: string, input: Record<string, unknown>, openid = HQ) =>
  emu.call<Reply<T>>('crm', { action, ...input }, openid);
const coupons = (memberId: string) => find(emu, 'coupons', { memberId }, { limit: 100 });
const member = (id: string): AnyDoc => find(emu, 'members', { _id: id })[0];
const buy = (memberId: string, receiptNo: string, couponId?: string) =>
  emu.call<Reply<unknown>>(
    'staff',
    {
      action: 'recordPurchase',
      memberId,
      receiptNo,
      lines: [{ category: '家居清洁', amountFen: 12_000 }],
      ...(couponId ? { couponId } : {}),
    },
    CLERK,
  );

/** `n` active members of S001 with this manual tag. */
const tagged = (tag: string, n: number, homeStoreId = 'S001') =>
  Array.from(
    { length: n },
    () => addMember(emu, { homeStoreId, fields: { manualTags: [tag] } })._id,
  );

const def = (tag: string, over: Record<string, unknown> = {}) => ({
  name: '双十二回店礼',
  segment: { manualTags: [tag] },
  couponTemplateId: TEMPLATE,
  message: { title: '双十二回店礼', body: '一张满100减20券已到账' },
  startAt: emu.clock.now(),
  ...over,
});

async function createAndLaunch(campaign: Record<string, unknown>, requestId: string) {
  const made = data(
    await crm<{ campaign: CampaignView; created: boolean }>('createCampaign', {
      campaign,
      requestId,
    }),
  );
  return data(await crm<{ campaign: CampaignView }>('launchCampaign', { id: made.campaign.id }))
    .campaign;
}

beforeAll(async () => {
  emu = await startTestEmulator({ functionEnv: { CRM_TAG_JOB_BATCH: '10' } });
  await emu.seedMinimal();
  emu.database.insertMany('couponTemplates', [thresholdTemplate(TEMPLATE)]);
  emu.clock.set(shanghaiTime(2027, 12, 1, 10)); // 10:00, outside quiet hours
  setAutomations(emu, []); // only the campaigns run
});
afterAll(async () => {
  await emu?.stop();
});

describe('create and launch', () => {
  it('bad input, an unknown template, a manager or clerk: refused, nothing written', async () => {
    tagged('坏输入', 3);
    const refused = [
      [
        await crm('createCampaign', {
          campaign: def('坏输入', { holdoutPercent: 60 }),
          requestId: 'req-bad-1',
        }),
        'COMMON.INVALID_INPUT',
      ],
      [
        await crm('createCampaign', {
          campaign: def('坏输入', { name: '' }),
          requestId: 'req-bad-2',
        }),
        'COMMON.INVALID_INPUT',
      ],
      [
        await crm('createCampaign', {
          campaign: def('坏输入', { segment: { levels: ['vip'] } }),
          requestId: 'req-bad-3',
        }),
        'COMMON.INVALID_INPUT',
      ],
      [
        await crm('createCampaign', {
          campaign: def('坏输入', { couponTemplateId: 'nope' }),
          requestId: 'req-bad-4',
        }),
        'CATALOG.TEMPLATE_NOT_FOUND',
      ],
      [
        await crm('createCampaign', {
          campaign: def('坏输入', { segment: { storeIds: ['S999'] } }),
          requestId: 'req-bad-5',
        }),
        'CATALOG.STORE_UNKNOWN',
      ],
      [
        await crm('createCampaign', { campaign: def('坏输入'), requestId: 'req-bad-6' }, MANAGER),
        'AUTH.FORBIDDEN',
      ],
      [
        await crm('createCampaign', { campaign: def('坏输入'), requestId: 'req-bad-7' }, CLERK),
        'AUTH.FORBIDDEN',
      ],
      [await crm('launchCampaign', { id: 'cmp_missing' }), 'COMMON.NOT_FOUND'],
    ] as const;
    for (const [reply, code] of refused) {
      expect(reply).toMatchObject({ ok: false, error: { code } });
      if (!reply.ok) expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(find(emu, 'campaigns', {})).toHaveLength(0);
  });

  it('a draft (a retried request creates one), launched once by HQ with its audience, audited', async () => {
    tagged('重试', 4);
    const first = data(
      await crm<{ campaign: CampaignView; created: boolean }>('createCampaign', {
        campaign: def('重试'),
        requestId: 'req-retry-1',
      }),
    );
    const again = data(
      await crm<{ campaign: CampaignView; created: boolean }>('createCampaign', {
        campaign: def('重试'),
        requestId: 'req-retry-1',
      }),
    );
    expect([first.created, again.created, again.campaign.id]).toEqual([
      true,
      false,
      first.campaign.id,
    ]);
    expect(first.campaign).toMatchObject({
      status: 'draft',
      statusName: '草稿',
      holdoutPercent: 10,
      attributionDays: 14,
      couponTemplateName: '满100减20',
    });
    expect(await crm('launchCampaign', { id: first.campaign.id }, MANAGER)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    const launched = data(
      await crm<{ campaign: CampaignView }>('launchCampaign', { id: first.campaign.id }),
    ).campaign;
    expect(launched).toMatchObject({
      status: 'running',
      statusName: '进行中',
      audienceAtLaunch: 4,
    });
    expect(await crm('launchCampaign', { id: first.campaign.id })).toMatchObject({
      ok: false,
      error: { code: 'CAMPAIGN.NOT_DRAFT', message: '活动已发布，不能重复发布' },
    });
    const audit = find(emu, 'auditLog', { action: 'campaign.launch' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      target: { kind: 'campaign', id: first.campaign.id },
      detail: { name: '双十二回店礼', audience: 4, holdoutPercent: 10 },
    });
    const listed = data(await crm<{ campaigns: CampaignView[] }>('listCampaigns', {}, MANAGER));
    expect(listed.campaigns.map((c) => c.id)).toContain(first.campaign.id);
    expect(await crm('listCampaigns', {}, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });
});

describe('the walk and the results', () => {
  const ids: string[] = [];
  const outside: string[] = [];
  let campaign: CampaignView;
  beforeAll(async () => {
    emu.clock.set(shanghaiTime(2027, 12, 5, 10));
    ids.push(...tagged('双十二', 45)); // five pages of 10
    outside.push(...tagged('别的', 5));
    outside.push(
      addMember(emu, { homeStoreId: 'S001', status: 'deleted', fields: { manualTags: ['双十二'] } })
        ._id,
    );
    const count = data(
      await crm<{ total: number }>('segmentCount', { segment: { manualTags: ['双十二'] } }),
    );
    expect(count.total).toBe(45);
    campaign = await createAndLaunch(def('双十二', { holdoutPercent: 20 }), 'req-walk-1');
    expect(campaign.audienceAtLaunch).toBe(45);
  });

  it('the audience is the segment: holdout by the keyed hash gets nothing, the rest a coupon and a notice, once over two runs', async () => {
    const key = campaignKey(campaign.id);
    const r1 = await run<AutomationsRunResult>(emu, 'automations');
    const r2 = await run<AutomationsRunResult>(emu, 'automations');
    expect(r1.complete && r2.complete).toBe(true);
    const held = ids.filter(
      (id) => assignGroup(id, `automation:${key}`, 20, PII_SECRET) === 'holdout',
    );
    // the campaign's id keys the hash, so the split is random: 0.8^45 ≈ 0.004% of runs would
    // hold out no one, and the test needs one
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(20);
    expect(r1.byAutomation[key]).toMatchObject({
      found: 45,
      acted: 45 - held.length,
      holdout: held.length,
    });
    for (const id of ids) {
      const mine = coupons(id);
      const notices = (member(id).notices ?? []) as AnyDoc[];
      if (held.includes(id)) {
        expect({ id, coupons: mine.length, notices: notices.length }).toEqual({
          id,
          coupons: 0,
          notices: 0,
        });
      } else {
        expect({ id, coupons: mine.map((c) => c.templateId) }).toEqual({ id, coupons: [TEMPLATE] });
        expect(notices.map((n) => n.title)).toEqual(['双十二回店礼']);
      }
    }
    for (const id of outside) expect(coupons(id)).toHaveLength(0);
    expect(find(emu, 'automationRuns', { automationKey: key }, { limit: 100 })).toHaveLength(45);
    const listed = data(await crm<{ campaigns: CampaignView[] }>('listCampaigns', {}));
    expect(listed.campaigns.find((c) => c.id === campaign.id)!.walkedAt).not.toBeNull();
  });

  it('orders in the window: treated vs holdout with the lift; a manager sees their store; a clerk nothing', async () => {
    const key = campaignKey(campaign.id);
    const held = ids.filter(
      (id) => assignGroup(id, `automation:${key}`, 20, PII_SECRET) === 'holdout',
    );
    const treated = ids.filter((id) => !held.includes(id));
    emu.clock.set(shanghaiTime(2027, 12, 7, 15));
    expect((await buy(treated[0], 'CR1', coupons(treated[0])[0]._id)).ok).toBe(true);
    expect((await buy(treated[1], 'CR2')).ok).toBe(true);
    expect((await buy(treated[2], 'CR3')).ok).toBe(true);
    expect((await buy(held[0], 'CR4')).ok).toBe(true);
    emu.clock.set(shanghaiTime(2027, 12, 25, 15)); // 20 days on: outside the 14-day window
    expect((await buy(treated[3], 'CR5')).ok).toBe(true);

    const r = data(await crm<CampaignResultsView>('campaignResults', { id: campaign.id }));
    expect(r).toMatchObject({
      key,
      attributionDays: 14,
      couponsIssued: treated.length,
      couponsUsed: 1,
      messages: treated.length,
      treated: { members: treated.length, responded: 3, orders: 3 },
      holdout: { members: held.length, responded: 1, orders: 1, revenueFen: 12_000 },
      campaign: { id: campaign.id },
    });
    expect(r.treated.revenueFen).toBe(12_000 - 2_000 + 2 * 12_000); // the coupon's ¥20 off
    const rate = (n: number, d: number) => Math.round((1000 * n) / d) / 10;
    expect(r.treated.rate).toBe(rate(3, treated.length));
    expect(r.holdout.rate).toBe(rate(1, held.length));
    expect(r.liftPoints).toBe(Math.round((r.treated.rate - r.holdout.rate) * 10) / 10);
    expect(r.incrementalResponders).toBe(
      Math.max(0, Math.round(3 - (1 / held.length) * treated.length)),
    );
    const mine = data(
      await crm<CampaignResultsView>('campaignResults', { id: campaign.id }, MANAGER),
    );
    expect(mine.treated.members + mine.holdout.members).toBe(45);
    const other = data(
      await crm<CampaignResultsView>('campaignResults', { id: campaign.id }, MANAGER2),
    );
    expect(other.treated.members + other.holdout.members).toBe(0);
    expect(await crm('campaignResults', { id: campaign.id }, CLERK)).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });

  it('done once walked and its attribution window over', async () => {
    await run(emu, 'automations'); // 20 days after the walk
    const listed = data(await crm<{ campaigns: CampaignView[] }>('listCampaigns', {}));
    expect(listed.campaigns.find((c) => c.id === campaign.id)).toMatchObject({
      status: 'done',
      statusName: '已结束',
    });
    const before = find(emu, 'coupons', {}, { limit: 1000 }).length;
    await run(emu, 'automations');
    expect(find(emu, 'coupons', {}, { limit: 1000 })).toHaveLength(before);
  });
});

describe('killed at every request, then rerun', () => {
  it(
    'each treated member gets the coupon once, the holdout nothing',
    async () => {
      let k = 1;
      for (; k < 300; k++) {
        emu.clock.set(shanghaiTime(2028, 2, 1, 10) + k * DAY_MS);
        const tag = `杀${k}`;
        const members = tagged(tag, 12); // two pages
        const c = await createAndLaunch(def(tag), `req-kill-${k}`);
        const key = campaignKey(c.id);
        const before = emu.faults.kills().length;
        emu.faults.arm({ fn: 'automations', afterRequest: k });
        const out = await fire(emu, 'automations');
        emu.faults.disarm();
        const killed = emu.faults.kills().length > before;
        if (!killed && !out.ok) throw new Error(`automations: ${out.errCode} ${out.errMsg}`);
        for (let i = 0; i < 5; i++) {
          emu.clock.advance(11 * 60_000); // past the 'acting' lease
          if ((await run<AutomationsRunResult>(emu, 'automations')).complete) break;
        }
        emu.clock.advance(11 * 60_000);
        await run(emu, 'automations');
        for (const id of members) {
          const held = assignGroup(id, `automation:${key}`, 10, PII_SECRET) === 'holdout';
          expect({ k, id, coupons: coupons(id).length }).toEqual({ k, id, coupons: held ? 0 : 1 });
          const notices = (member(id).notices ?? []) as AnyDoc[];
          expect({ k, id, notices: notices.length }).toEqual({ k, id, notices: held ? 0 : 1 });
          const runs = find(emu, 'automationRuns', { memberId: id });
          expect({ k, runs: runs.map((r: AnyDoc) => r.status) }).toEqual({
            k,
            runs: [held ? 'holdout' : 'done'],
          });
        }
        if (!killed) break;
      }
      expect(k).toBeGreaterThan(10);
    },
    KILL_EVERYWHERE_TIMEOUT_MS,
  );
});
