/**
 * Helpers for the member-journey emulator tests: typed calls of the `member` function,
 * signing up a visitor, and a snapshot of every collection (to prove "writes nothing").
 */
import { fail } from '../../support/waitFor';
import type { TestEmulator } from '../../support/emulator';
import type { Reply } from '../../../src/contracts/reply';
import type { ActionInput, ActionOutput } from '../../../src/contracts/define';
import type { MemberContract } from '../../../src/contracts/member';

export type MemberAction = Extract<keyof MemberContract, string>;

/** Call a member action as `openid`; answers the raw reply. */
export function member<A extends MemberAction>(
  emu: TestEmulator,
  openid: string,
  action: A,
  input: ActionInput<MemberContract, A> | Record<string, unknown> = {},
): Promise<Reply<ActionOutput<MemberContract, A>>> {
  return emu.call<Reply<ActionOutput<MemberContract, A>>>('member', { action, ...input }, openid);
}

/** Call and expect success; answers the data. */
export async function memberOk<A extends MemberAction>(
  emu: TestEmulator,
  openid: string,
  action: A,
  input: ActionInput<MemberContract, A> | Record<string, unknown> = {},
): Promise<ActionOutput<MemberContract, A>> {
  const reply = await member(emu, openid, action, input);
  if (!reply.ok) fail(`${action} as ${openid}: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

let nonce = 0;
/** A fresh single-use dev phone code for a phone (like tapping the WeChat phone button). */
export const phoneCode = (phone: string) => `dev_${phone}_n${++nonce}`;

export const CONSENT_VERSION = '2026-12';

/** Sign up `openid` with `phone` (optionally from a store's code); answers the signup data. */
export function signUp(emu: TestEmulator, openid: string, phone: string, scene?: string) {
  return memberOk(emu, openid, 'signup', {
    phoneCode: phoneCode(phone),
    consentVersion: CONSENT_VERSION,
    ...(scene ? { scene } : {}),
  });
}

/** Every document of every collection, by collection (sorted by _id), as JSON text. */
export function snapshot(emu: TestEmulator): string {
  const out: Record<string, unknown[]> = {};
  for (const c of emu.database.collections())
    out[c.name] = emu.database.find(c.name, {}, { limit: 100_000, sort: { _id: 1 } });
  return JSON.stringify(out);
}

/** Every document of every collection, flattened to one array with its collection name. */
export function allDocs(emu: TestEmulator): { collection: string; doc: Record<string, unknown> }[] {
  return emu.database
    .collections()
    .flatMap((c) =>
      emu.database.find(c.name, {}, { limit: 100_000 }).map((doc) => ({ collection: c.name, doc })),
    );
}
