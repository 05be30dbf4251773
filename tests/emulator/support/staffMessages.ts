/**
 * Helpers for the staff-message tests: the service account's followers, cross-store
 * purchases at the till, timers fired by name, and what the emulated 服务号 delivered.
 */
import type { TestEmulator } from '../../support/emulator';
import type { MinimalSeed } from '../../../scripts/seed/minimal';
import type { InvocationResult } from '../../../emulator/functions/runner';
import type { Doc } from '../../../cloudfunctions/_shared/db';
import { addMember, type TestMember } from './loyalty';

export const TPL_CLERK = 'TPL_SA_CLERK_FOLLOW_UP';

type Staff = { id: string; openid: string; unionid: string };

/** The service-account openid the emulator gives a staff member who follows it. */
export const serviceOpenid = (staff: Pick<Staff, 'id'>) => `oSA_${staff.id}`;

/** The staff member follows the service account (or has unfollowed it). */
export function follow(emu: TestEmulator, staff: Staff, subscribed = true): string {
  const openid = serviceOpenid(staff);
  emu.openApi.linkServiceAccountUser({ serviceOpenid: openid, unionid: staff.unionid, subscribed });
  return openid;
}

export async function fire(emu: TestEmulator, name: string): Promise<InvocationResult> {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === name);
  if (!trigger) throw new Error(`no timer ${name}`);
  return (await emu.scheduler.fireNow(trigger)).result;
}

export async function run<T>(emu: TestEmulator, name: string): Promise<T> {
  const out = await fire(emu, name);
  if (!out.ok) throw new Error(`${name}: ${out.errCode} ${out.errMsg}`);
  return out.result as T;
}

/** Service-account messages the emulator recorded (delivered and rejected). */
export const saMessages = (emu: TestEmulator, touser?: string) =>
  emu.openApi.outbox.list({ channel: 'serviceAccount', ...(touser ? { touser } : {}) });

export const delivered = (emu: TestEmulator, touser?: string) =>
  saMessages(emu, touser).filter((m) => m.status === 'delivered');

let receipt = 0;

/**
 * A member of `from`'s store and clerk buys at `at`'s store, rung up by `at`
 * (staff.recordPurchase): the member moves, the order names `from` as previousClerkId.
 */
export async function crossStorePurchase(
  emu: TestEmulator,
  from: Pick<MinimalSeed['clerks'][number], 'id' | 'storeId'>,
  at: Pick<MinimalSeed['clerks'][number], 'openid'>,
  member: TestMember = addMember(emu, { clerkId: from.id, homeStoreId: from.storeId }),
): Promise<{ member: TestMember; orderId: string }> {
  const reply = await emu.call<{ ok: boolean; data: { orderId: string }; error?: unknown }>(
    'staff',
    {
      action: 'recordPurchase',
      memberId: member._id,
      receiptNo: `X${Date.now().toString(36)}${++receipt}`,
      lines: [{ category: '家居清洁', amountFen: 12_000 }],
    },
    at.openid,
  );
  if (!reply.ok) throw new Error(`recordPurchase: ${JSON.stringify(reply.error)}`);
  return { member, orderId: reply.data.orderId };
}

/** Past the scan's settling time, so the next outbox run sees the orders recorded so far. */
export const settle = (emu: TestEmulator) => emu.clock.advance(60_000);

/** Documents of a collection as the functions wrote them. */
export const find = (
  emu: TestEmulator,
  collection: string,
  query: Record<string, unknown> = {},
): Doc[] => emu.database.find(collection, query, { limit: 10_000 }) as Doc[];
