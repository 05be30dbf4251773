/**
 * Who is using the workbench: `staff.whoami` once per page, with loading and error state.
 * Also keeps the entry page's hint (src/services/staffHint.ts) in line with the server.
 */
import { useEffect } from 'react';
import type { Role, StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { rememberStaff } from '@/services/staffHint';
import { useCall } from '@/services/useCall';

import { ROLE_NAMES } from '@/domain/auditText';

export { ROLE_NAMES };

/** '店员工作台', '店长工作台', '总部工作台': what the workbench is, by who uses it. */
export function workbenchTitle(role: Role): string {
  return `${ROLE_NAMES[role]}工作台`;
}

/** '店员 · 南京西路店', '总部' */
export function staffLine(staff: StaffView): string {
  return staff.storeName
    ? `${ROLE_NAMES[staff.role]} · ${staff.storeName}`
    : ROLE_NAMES[staff.role];
}

export function useStaff() {
  const who = useCall(() => callFunction('staff', { action: 'whoami' }), []);
  const data = who.data;
  useEffect(() => {
    if (data) rememberStaff(data.staff);
  }, [data]);
  return who;
}
