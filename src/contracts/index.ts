import type { CrmContract } from './crm';
import type { MallContract } from './mall';
import type { MemberContract } from './member';
import type { StaffContract } from './staff';
import type { SheetsContract } from './sheets';

/** Every callable cloud function and its contract (timer functions are not callable). */
export type Functions = {
  member: MemberContract;
  staff: StaffContract;
  mall: MallContract;
  crm: CrmContract;
  sheets: SheetsContract;
};
export type FunctionName = keyof Functions;
