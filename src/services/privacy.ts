/**
 * WeChat's privacy authorization, for the whole app.
 *
 * Before the user has agreed to the privacy guide, a privacy-scoped API (the phone button,
 * the clipboard, saving to the album, see README → Deploy 6) makes WeChat call the listener
 * of `wx.onNeedPrivacyAuthorization` and wait. The listener is registered once, at launch
 * (src/app.ts); the resolve it receives is kept here and called only when the agree
 * button's `agreeprivacyauthorization` event arrives (`agreedByButton`), never on a plain
 * tap. A page that shows the agreement subscribes (`onPrivacyNeeded`) to be told: the
 * landing page (phone number) with its own notice, every other page that uses a
 * privacy-scoped API with `<PrivacyGate />` (components/PrivacyGate.tsx).
 *
 * On H5 and on base libraries without the API nothing is registered, and the page's own
 * agree step is the only gate (`privacyApiAvailable()` is false).
 */
import Taro from '@tarojs/taro';

type PrivacyResolve = (result: { buttonId?: string; event: 'agree' | 'disagree' }) => void;

let registered = false;
let pending: PrivacyResolve | null = null;
const waiting = new Set<() => void>();

export function privacyApiAvailable(): boolean {
  return process.env.TARO_ENV === 'weapp' && typeof Taro.onNeedPrivacyAuthorization === 'function';
}

/** Register the app's one listener (idempotent); answers whether WeChat has the API. */
export function registerPrivacyListener(): boolean {
  if (!privacyApiAvailable()) return false;
  if (registered) return true;
  try {
    Taro.onNeedPrivacyAuthorization((resolve) => {
      pending = resolve as PrivacyResolve;
      waiting.forEach((notify) => notify());
    });
    registered = true;
  } catch {
    // a base library that lists the API but refuses it: the page's agree step still gates
  }
  return registered;
}

/** Be told when WeChat waits for the agreement; answers the unsubscribe. */
export function onPrivacyNeeded(notify: () => void): () => void {
  waiting.add(notify);
  if (pending) notify();
  return () => void waiting.delete(notify);
}

/** The agree button's `agreeprivacyauthorization` event: let the waiting API go on. */
export function agreedByButton(buttonId: string): void {
  const resolve = pending;
  pending = null;
  resolve?.({ buttonId, event: 'agree' });
}

/** The user declined: the waiting API fails at once instead of hanging. */
export function declined(): void {
  const resolve = pending;
  pending = null;
  resolve?.({ event: 'disagree' });
}
