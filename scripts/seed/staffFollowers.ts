/**
 * Demo staff and the service account (服务号): each staff member has a UNIONID (what a bind
 * through WeChat records), and on the local emulator every one of them follows the account
 * under a service-account openid of its own, so the `followers` timer finds them and staff
 * reminders arrive in the console's outbox as template messages.
 */
import type { Emulator } from '../../emulator';

/** The demo UNIONID of a staff member's openid: `o_demo_clerk_S001_1` → `u_demo_clerk_S001_1`. */
export const demoUnionid = (openid: string): string => `u${openid.slice(1)}`;

/** Every staff member with a UNIONID follows the emulated service account; answers how many. */
export function linkStaffFollowers(emulator: Pick<Emulator, 'database' | 'openApi'>): number {
  const staff = emulator.database.find('staff', {}, { limit: 1_000 });
  let linked = 0;
  for (const s of staff) {
    if (typeof s.unionid !== 'string' || !s.unionid) continue;
    emulator.openApi.linkServiceAccountUser({
      serviceOpenid: `oSA_${String(s._id)}`,
      unionid: s.unionid,
    });
    linked += 1;
  }
  return linked;
}
