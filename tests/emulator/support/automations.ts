/**
 * Helpers for the automation tests: HQ's automations set directly (`settings/automations`,
 * the other settings kept), a default automation with the holdout off, and a member's
 * subscribe credit granted as WeChat and the app count it.
 */
import type { TestEmulator } from '../../support/emulator';
import { DEFAULT_AUTOMATIONS, type Automation } from '../../../src/domain/automations/definitions';
import { assignGroup } from '../../../src/domain/automations/holdout';
import { find } from './loyalty';

/** The local emulator's PII secret, which keys the holdout hash. */
export const PII_SECRET = 'local-dev-pii-hash-secret';

/**
 * `total` member ids of which exactly `held` fall on the holdout side of an automation's
 * hash at `percent`. Random ids would sometimes leave a small holdout empty (40 members at
 * 10%: 0.9^40 ≈ 1.5% of runs), and a test that asks for its holdout's first member fails.
 */
export function idsWithHoldout(
  scope: string,
  percent: number,
  total: number,
  held: number,
  prefix = 'm_side',
): string[] {
  const picked = { holdout: [] as string[], treated: [] as string[] };
  const want = { holdout: held, treated: total - held };
  for (let i = 0; picked.holdout.length < held || picked.treated.length < total - held; i++) {
    const id = `${prefix}_${i}`;
    const side = assignGroup(id, scope, percent, PII_SECRET);
    if (picked[side].length < want[side]) picked[side].push(id);
  }
  return [...picked.treated, ...picked.holdout];
}

/** A default automation by key, holdout 0 unless `over` says otherwise. */
export const only = (key: string, over: Partial<Automation> = {}): Automation => ({
  ...DEFAULT_AUTOMATIONS.find((a) => a.key === key)!,
  holdoutPercent: 0,
  ...over,
});

/** HQ's automations document, replaced (the other settings kept). */
export function setAutomations(emu: TestEmulator, list: Automation[]): void {
  const rest = find(emu, 'settings', { _id: { $ne: 'automations' } });
  emu.database.drop('settings'); // empties it (a declared collection stays)
  emu.database.insertMany('settings', [
    ...rest,
    { _id: 'automations', automations: list, updatedAt: 0, updatedBy: 'test' },
  ]);
}

/** The member accepted a template `credits` times: WeChat's count and the app's. */
export function grantCredit(
  emu: TestEmulator,
  member: { openid: string; _id: string },
  purpose: string,
  templateId: string,
  credits = 1,
): void {
  const now = emu.clock.now();
  for (let i = 0; i < credits; i++) emu.openApi.grantSubscription(member.openid, [templateId], now);
  emu.database.insertMany('subscriptions', [
    {
      _id: `${member.openid}:${templateId}`,
      openid: member.openid,
      memberId: member._id,
      purpose,
      templateId,
      credits,
      accepted: credits,
      spent: 0,
      lastAcceptedAt: now,
      updatedAt: now,
    },
  ]);
}
