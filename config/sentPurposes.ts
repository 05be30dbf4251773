/**
 * The subscribe messages some function sends today — the birthday greeting (birthday/job.ts),
 * the level change (_shared/memberUpdates.ts), the automations' offers and their coupon-expiry
 * and points-change reminders (automations/memberMessages.ts) — declared once for the app and
 * its builds.
 * Members are asked only for these and hold credits only of these (`SENT_PURPOSES` in
 * contracts/member.ts is this list; `sendMemberMessage` takes nothing else, and
 * `_shared/sentPurposes.test.ts` checks each one is sent somewhere), and a release build
 * requires a template id for each (config/releaseEnv.ts): adding a sender means adding its
 * purpose here, and its template id becomes required.
 *
 * Self-contained, like the rest of config/ (Taro loads this folder with its own transpiler,
 * which does not follow imports outside it); the Taro config compiles it into the pages too.
 */
export const SENT_PURPOSES = [
  'birthday',
  'levelChanged',
  'offer',
  'couponExpiring',
  'pointsChanged',
] as const;
