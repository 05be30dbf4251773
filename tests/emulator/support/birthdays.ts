/**
 * The birthday greeting through the automations timer (`birthdayGreeting`): one run at an
 * instant, answered as its counts plus the birthday coupons it issued.
 */
import { expect } from '@jest/globals';
import type { TestEmulator } from '../../support/emulator';
import type { AutomationsRunResult } from '../../../cloudfunctions/automations/index';
import type { AutomationCounts } from '../../../cloudfunctions/automations/members';
import { fireTimer } from './tags';

export type GreetingRun = AutomationCounts & { issued: number; complete: boolean };

export async function greetAt(emu: TestEmulator, at: number): Promise<GreetingRun> {
  emu.clock.set(at);
  const before = emu.database.count('coupons', { source: 'birthday' });
  const { result } = await fireTimer<AutomationsRunResult>(emu, 'automations');
  const counts = result.byAutomation.birthdayGreeting;
  expect(counts).toBeDefined();
  return {
    ...counts,
    complete: result.complete,
    issued: emu.database.count('coupons', { source: 'birthday' }) - before,
  };
}

/** The runs of the birthday greeting in what `travel` fired. */
export function greetingsFired(fired: { functionName: string; result: unknown }[]): GreetingRun[] {
  return fired
    .filter((f) => f.functionName === 'automations')
    .map((f) => {
      const out = f.result as { ok: boolean; result: AutomationsRunResult };
      expect(out.ok).toBe(true);
      return {
        ...out.result.byAutomation.birthdayGreeting,
        complete: out.result.complete,
        issued: 0,
      };
    });
}
