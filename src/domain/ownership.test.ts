import { describe, expect, it } from '@jest/globals';
import {
  isOwnClerk,
  seesDetails,
  seesInFull,
  type OwnedMember,
  type StaffViewer,
} from './ownership';

const clerk = (staffId: string, storeId = 'S1'): StaffViewer => ({
  staffId,
  role: 'clerk',
  storeId,
});
const manager = (storeId: string): StaffViewer => ({ staffId: 'M', role: 'manager', storeId });
const hq: StaffViewer = { staffId: 'H', role: 'hq', storeId: null };
const owned: OwnedMember = { clerkId: 'C1', homeStoreId: 'S1' };
const storeOnly: OwnedMember = { clerkId: null, homeStoreId: 'S1' };

describe('who sees a customer in full', () => {
  it.each([
    ['their own clerk', clerk('C1'), owned, true],
    ['another clerk of the same store', clerk('C2'), owned, false],
    ['a clerk of another store', clerk('C3', 'S2'), owned, false],
    ['the manager of their store', manager('S1'), owned, true],
    ['the manager of another store', manager('S2'), owned, false],
    ['HQ', hq, owned, true],
    ['any clerk of their store while nobody has served them', clerk('C2'), storeOnly, true],
    ['a clerk of another store, even then', clerk('C3', 'S2'), storeOnly, false],
    ['the clerk who owns them, in another store', clerk('C1', 'S2'), owned, true],
    [
      'nobody but HQ when they have no store',
      clerk('C2'),
      { clerkId: null, homeStoreId: null },
      false,
    ],
  ])('%s → %s', (_who, viewer, member, full) => {
    expect(seesInFull(viewer, member)).toBe(full);
  });

  it('only the owning clerk counts as their clerk (for 业绩)', () => {
    expect(isOwnClerk(clerk('C1'), owned)).toBe(true);
    expect(isOwnClerk(manager('S1'), owned)).toBe(false);
    expect(isOwnClerk(clerk('C2'), storeOnly)).toBe(false);
  });

  it.each([
    ['their own clerk', clerk('C1'), owned, true],
    ['the manager of their store', manager('S1'), owned, false],
    ['HQ', hq, owned, false],
    ['a clerk of their store while nobody has served them', clerk('C2'), storeOnly, false],
  ])('the full details on the customer page: %s → %s', (_who, viewer, member, full) => {
    expect(seesDetails(viewer, member)).toBe(full);
  });
});
