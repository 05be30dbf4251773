/**
 * A hint kept on the phone that this WeChat identity is bound as staff, so the entry page
 * can open the workbench without asking the server on every launch. It is only a hint:
 * every staff action is checked on the server, and the workbench forgets the hint when
 * `staff.whoami` answers that the identity is not (or no longer) bound.
 */
import Taro from '@tarojs/taro';
import type { StaffView } from '@/contracts/staff';

const KEY = 'crm.staff';
export const WORKBENCH_URL = '/staff/pages/home/index';

type Stored = { staffId: string; role: StaffView['role']; at: number };

export function rememberStaff(staff: StaffView | null): void {
  if (!staff) {
    Taro.removeStorageSync(KEY);
    return;
  }
  const value: Stored = { staffId: staff.staffId, role: staff.role, at: Date.now() };
  Taro.setStorageSync(KEY, value);
}

export function rememberedStaff(): Stored | null {
  const value = Taro.getStorageSync(KEY) as Stored | '' | undefined;
  if (!value || typeof value !== 'object' || typeof value.staffId !== 'string') return null;
  return value;
}
