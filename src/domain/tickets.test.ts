import { describe, expect, it } from '@jest/globals';
import type { StaffViewer } from './ownership';
import {
  formatHandling,
  handlingMs,
  mayAssign,
  mayRate,
  mayResolve,
  type TicketAccess,
} from './tickets';

const clerk = (id: string, storeId = 'S1'): StaffViewer => ({
  staffId: id,
  role: 'clerk',
  storeId,
});
const manager = (storeId = 'S1'): StaffViewer => ({ staffId: 'M1', role: 'manager', storeId });
const t = (over: Partial<TicketAccess> = {}): TicketAccess => ({
  storeId: 'S1',
  assigneeId: 'C1',
  state: 'open',
  memberId: 'm1',
  rating: null,
  ...over,
});

describe('tickets', () => {
  it.each([
    ['the store manager', manager(), t(), { ok: true }],
    ['a clerk', clerk('C1'), t(), { ok: false, reason: 'wrongStore' }],
    ['another store’s manager', manager('S2'), t(), { ok: false, reason: 'wrongStore' }],
    ['a resolved ticket', manager(), t({ state: 'resolved' }), { ok: false, reason: 'notOpen' }],
  ])('assign: %s', (_w, v, ticket, d) => expect(mayAssign(v, ticket)).toEqual(d));

  it.each([
    ['the assignee', clerk('C1'), t(), { ok: true }],
    ['another clerk', clerk('C2'), t(), { ok: false, reason: 'notYours' }],
    ['the manager, unassigned', manager(), t({ assigneeId: null }), { ok: true }],
    ['a clerk of another store', clerk('C1', 'S2'), t(), { ok: false, reason: 'wrongStore' }],
    ['again', clerk('C1'), t({ state: 'resolved' }), { ok: false, reason: 'notOpen' }],
  ])('resolve: %s', (_w, v, ticket, d) => expect(mayResolve(v, ticket)).toEqual(d));

  it.each([
    ['its member, resolved', 'm1', t({ state: 'resolved' }), { ok: true }],
    ['before resolution', 'm1', t(), { ok: false, reason: 'notResolved' }],
    ['another member', 'm2', t({ state: 'resolved' }), { ok: false, reason: 'notYours' }],
    [
      'a second time',
      'm1',
      t({ state: 'resolved', rating: { score: 5 } }),
      { ok: false, reason: 'rated' },
    ],
  ])('rate: %s', (_w, m, ticket, d) => expect(mayRate(m, ticket)).toEqual(d));

  it('handling time is opening to resolution', () => {
    expect(handlingMs(1_000, 8 * 3_600_000 + 1_000)).toBe(8 * 3_600_000);
  });
});

describe('handling time as shown', () => {
  const h = 3_600_000;
  it.each([
    [0, '0 分钟'],
    [59 * 60_000, '59 分钟'],
    [h, '1 小时'],
    [5.55 * h, '5.5 小时'],
    [47.99 * h, '47.9 小时'],
    [48 * h, '2 天 0 小时'],
    [77.5 * h, '3 天 5 小时'],
  ])('%d ms: %s', (ms, text) => expect(formatHandling(ms)).toBe(text));
});
