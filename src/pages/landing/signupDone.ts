/**
 * The done screen survives a reload: the signup's outcome is kept (per member) until the
 * shopper goes on to the card, so reloading right after signup shows the same done screen
 * instead of the join pitch and 「同意并继续」 again. A member without a kept outcome (it
 * was seen already, or another phone) is sent to the card.
 */
import Taro from '@tarojs/taro';
import type { Outcome } from './Done';

const KEY = 'crm.signupDone';

type Stored = { memberId: string; outcome: Outcome };

export function rememberSignupDone(memberId: string, outcome: Outcome): void {
  Taro.setStorageSync(KEY, { memberId, outcome } satisfies Stored);
}

/** The kept outcome of this member's signup, or null. */
export function signupDoneOf(memberId: string): Outcome | null {
  const value = Taro.getStorageSync(KEY) as Stored | '' | undefined;
  return value && value.memberId === memberId ? value.outcome : null;
}

export function forgetSignupDone(): void {
  Taro.removeStorageSync(KEY);
}
