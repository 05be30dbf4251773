/**
 * Who a customer belongs to, and who sees what of them — the one rule every staff view
 * follows (the till, the store's orders, and the workbench to come).
 *
 * Ownership: a member's clerk is `clerkId` — the clerk whose checkout code they joined by,
 * or, when they joined by the store's own code, the clerk who serves their first purchase.
 * Their store is `homeStoreId` — the store of that checkout code (or of the first purchase).
 *
 * Who sees the member in full (the 称呼 such as 张女士, the birthday):
 * - the member's own clerk;
 * - every clerk of the member's store while the member has no clerk yet (a store customer
 *   nobody has served, so whoever serves them first sees the same name before and after);
 * - the manager of the member's store;
 * - HQ.
 * Everyone else sees the surname and stars (张*) and that a birthday is recorded. The phone
 * is masked for everybody at the till and in lists (138****1234): the clerk never needs the
 * number to serve a customer. Only on the customer's page does their own clerk read the
 * whole name, phone and birthday (`seesDetails`), to follow them up; for anyone else the
 * full value never leaves the server unless revealed with a reason (audited).
 *
 * @example seesInFull({ staffId: 'C2', role: 'manager', storeId: 'S1' }, { clerkId: 'C1', homeStoreId: 'S1' }) // true
 */
export type StaffViewer = {
  staffId: string;
  role: 'clerk' | 'manager' | 'hq';
  storeId: string | null;
};

export type OwnedMember = { clerkId: string | null; homeStoreId: string | null };

/** Is the viewer the member's own clerk (the basis of 业绩 and the retention bonus)? */
export function isOwnClerk(viewer: StaffViewer, member: OwnedMember): boolean {
  return member.clerkId !== null && member.clerkId === viewer.staffId;
}

/** May the viewer see the member's name and birthday in full? */
export function seesInFull(viewer: StaffViewer, member: OwnedMember): boolean {
  if (viewer.role === 'hq') return true;
  if (isOwnClerk(viewer, member)) return true;
  const sameStore = member.homeStoreId !== null && member.homeStoreId === viewer.storeId;
  if (viewer.role === 'manager') return sameStore;
  return sameStore && member.clerkId === null;
}

/**
 * May the viewer read the member's details in full on the customer's page (the whole name,
 * the phone number to call, the birthday with its year)? Only the member's own clerk;
 * everyone else — the manager included — reads them masked and reveals a field with a
 * reason (staff.revealMemberField, audited).
 */
export function seesDetails(viewer: StaffViewer, member: OwnedMember): boolean {
  return isOwnClerk(viewer, member);
}
