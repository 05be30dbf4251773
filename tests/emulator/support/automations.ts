/**
 * Helpers for the automation tests: HQ's automations set directly (`settings/automations`,
 * the other settings kept), a default automation with the holdout off, and a member's
 * subscribe credit granted as WeChat and the app count it.
 */
import type { TestEmulator } from '../../support/emulator';
import { DEFAULT_AUTOMATIONS, type Automation } from '../../../src/domain/automations/definitions';
import { find } from './loyalty';

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
