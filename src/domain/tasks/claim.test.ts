import { describe, expect, it } from '@jest/globals';
import type { StaffViewer } from '../ownership';
import {
  claimMovesCustomer,
  mayClaim,
  mayComplete,
  OUTCOME_LABELS,
  type TaskAccess,
} from './claim';

const clerk = (staffId: string, storeId = 'S1'): StaffViewer => ({
  staffId,
  role: 'clerk',
  storeId,
});
const manager = (storeId = 'S1'): StaffViewer => ({ staffId: 'M1', role: 'manager', storeId });
const hq: StaffViewer = { staffId: 'H', role: 'hq', storeId: null };
const task = (over: Partial<TaskAccess> = {}): TaskAccess => ({
  storeId: 'S1',
  assigneeId: 'C1',
  state: 'open',
  ...over,
});

describe('who may complete a task', () => {
  it.each([
    ['the assignee', clerk('C1'), task(), { ok: true }],
    ['another clerk of the store', clerk('C2'), task(), { ok: false, reason: 'notYours' }],
    ['the store manager', manager(), task(), { ok: true }],
    ['a manager, for the managers’ task', manager(), task({ assigneeId: null }), { ok: true }],
    ['another store’s manager', manager('S2'), task(), { ok: false, reason: 'notYours' }],
    ['HQ', hq, task(), { ok: false, reason: 'notYours' }],
    [
      'the assignee, once pooled',
      clerk('C1'),
      task({ state: 'pooled' }),
      { ok: false, reason: 'notOpen' },
    ],
    [
      'the assignee, once done',
      clerk('C1'),
      task({ state: 'done' }),
      { ok: false, reason: 'notOpen' },
    ],
  ])('%s', (_w, viewer, t, decision) => {
    expect(mayComplete(viewer, t)).toEqual(decision);
  });
});

describe('who may claim a pooled task', () => {
  const pooled = task({ state: 'pooled' });
  it.each([
    ['a clerk of the store', clerk('C2'), pooled, { ok: true }],
    ['its former assignee', clerk('C1'), pooled, { ok: true }],
    ['the store manager', manager(), pooled, { ok: true }],
    ['a clerk of another store', clerk('C3', 'S2'), pooled, { ok: false, reason: 'wrongStore' }],
    ['HQ', hq, pooled, { ok: false, reason: 'wrongStore' }],
    ['an open task', clerk('C2'), task(), { ok: false, reason: 'notPooled' }],
    [
      'a store-less task',
      clerk('C2'),
      task({ storeId: null, state: 'pooled' }),
      { ok: false, reason: 'wrongStore' },
    ],
  ])('%s', (_w, viewer, t, decision) => {
    expect(mayClaim(viewer, t)).toEqual(decision);
  });
});

describe('the customer moves with the claim (setting poolClaimTakesCustomer)', () => {
  const member = { clerkId: 'C1', homeStoreId: 'S1' };
  it.each([
    ['setting on, a clerk of the store', true, clerk('C2'), member, true],
    ['setting off', false, clerk('C2'), member, false],
    ['a manager claims', true, manager(), member, false],
    ['already the claimer’s customer', true, clerk('C1'), member, false],
    [
      'the customer moved to another store',
      true,
      clerk('C2'),
      { clerkId: 'C9', homeStoreId: 'S2' },
      false,
    ],
    ['a store customer nobody owns', true, clerk('C2'), { clerkId: null, homeStoreId: 'S1' }, true],
  ])('%s: %s', (_w, on, viewer, m, moves) => {
    expect(claimMovesCustomer(on, viewer, m)).toBe(moves);
  });
});

it('every outcome has a Chinese label', () => {
  expect(Object.values(OUTCOME_LABELS)).toEqual(['已联系', '未接通', '已到店', '不需要']);
});
