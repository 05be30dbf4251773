import { describe, expect, it } from '@jest/globals';
import {
  computeStoreFigures,
  ownerBefore,
  type FigureMember,
  type FigureOrder,
  type FiguresInput,
} from './storeFigures';

const T = 1_000_000;
const order = (
  over: Partial<FigureOrder> & Pick<FigureOrder, 'id' | 'memberId' | 'createdAt'>,
): FigureOrder => ({
  paidFen: 10_000,
  refundedFen: 0,
  status: 'completed',
  previousClerkId: null,
  moved: false,
  ...over,
});
const member = (id: string, clerkId: string | null, firstOrderAt: number | null): FigureMember => ({
  id,
  clerkId,
  firstOrderAt,
});
const none: FiguresInput = {
  orders: [],
  members: [],
  ownerChanges: [],
  newMembers: [],
  tasks: [],
  openTickets: [],
  periodTickets: [],
};

describe('the owner at the time of an order', () => {
  const changes = [
    { memberId: 'm', at: T + 10, previousClerkId: 'A' },
    { memberId: 'm', at: T + 20, previousClerkId: 'B' },
  ];
  it.each([
    ['before every change: the first change’s previous owner', T, 'A'],
    ['between two changes', T + 15, 'B'],
    ['at a change (the order that made it): the owner before it', T + 20, 'B'],
    ['after every change: the owner now', T + 30, 'C'],
  ])('%s', (_case, at, expected) => {
    expect(ownerBefore(at, 'C', changes)).toBe(expected);
  });
});

describe('业绩 and the repeat-purchase rate', () => {
  it.each<
    [
      string,
      Partial<FiguresInput>,
      Record<string, unknown>,
      Record<string, Record<string, unknown>>,
    ]
  >([
    [
      'a first purchase is not repeat; the second is the owner’s 业绩',
      {
        members: [member('m1', 'A', T)],
        orders: [
          order({ id: 'o1', memberId: 'm1', createdAt: T }),
          order({ id: 'o2', memberId: 'm1', createdAt: T + 5, paidFen: 8_800 }),
        ],
      },
      { buyers: 1, repeatBuyers: 1, repeatRate: 1, repeatOrders: 1, repeatFen: 8_800 },
      { A: { buyers: 1, repeatOrders: 1, repeatFen: 8_800 } },
    ],
    [
      'bought before the period: a single order in it is repeat, the rate counts it once',
      {
        members: [member('m1', 'A', T - 1000), member('m2', 'A', T + 1)],
        orders: [
          order({ id: 'o1', memberId: 'm1', createdAt: T }),
          order({ id: 'o2', memberId: 'm2', createdAt: T + 1 }),
        ],
      },
      { buyers: 2, repeatBuyers: 0, repeatRate: 0, repeatOrders: 1, repeatFen: 10_000 },
      { A: { buyers: 2, repeatOrders: 1 } },
    ],
    [
      'refunds: a full refund does not count, a partial one counts what was kept',
      {
        members: [member('m1', 'A', T - 1000)],
        orders: [
          order({
            id: 'o1',
            memberId: 'm1',
            createdAt: T,
            status: 'refunded',
            refundedFen: 10_000,
          }),
          order({
            id: 'o2',
            memberId: 'm1',
            createdAt: T + 1,
            status: 'partially_refunded',
            refundedFen: 2_500,
          }),
        ],
      },
      { buyers: 1, repeatOrders: 1, repeatFen: 7_500 },
      { A: { repeatOrders: 1, repeatFen: 7_500 } },
    ],
    [
      'a customer who moved to B later: the purchase before the move is A’s',
      {
        members: [member('m1', 'B', T - 1000)],
        ownerChanges: [{ memberId: 'm1', at: T + 50, previousClerkId: 'A' }],
        orders: [
          order({ id: 'o1', memberId: 'm1', createdAt: T }),
          order({ id: 'o2', memberId: 'm1', createdAt: T + 60, paidFen: 3_000 }),
        ],
      },
      { buyers: 1, repeatBuyers: 1, repeatOrders: 2, repeatFen: 13_000 },
      { A: { repeatOrders: 1, repeatFen: 10_000 }, B: { repeatOrders: 1, repeatFen: 3_000 } },
    ],
    [
      'an order that moved the customer here: it is the previous owner’s, not the server’s',
      {
        members: [member('m1', 'C9', T - 1000)],
        orders: [
          order({ id: 'o1', memberId: 'm1', createdAt: T, moved: true, previousClerkId: 'X' }),
        ],
      },
      { repeatOrders: 1 },
      { X: { repeatOrders: 1 } },
    ],
    [
      'nobody’s customer: counted for the store only',
      {
        members: [member('m1', null, T - 1000)],
        orders: [order({ id: 'o1', memberId: 'm1', createdAt: T })],
      },
      { buyers: 1, repeatOrders: 1 },
      {},
    ],
    [
      'a member without stats: the earlier order in the period makes the next one repeat',
      {
        members: [member('m1', 'A', null)],
        orders: [
          order({ id: 'o2', memberId: 'm1', createdAt: T + 1 }),
          order({ id: 'o1', memberId: 'm1', createdAt: T }),
        ],
      },
      { repeatOrders: 1, repeatBuyers: 1 },
      { A: { repeatOrders: 1 } },
    ],
  ])('%s', (_case, over, storeExpected, clerksExpected) => {
    const { store, byClerk } = computeStoreFigures({ ...none, ...over });
    expect(store).toMatchObject(storeExpected);
    expect(Object.fromEntries(byClerk)).toMatchObject(clerksExpected);
    expect([...byClerk.keys()].sort()).toEqual(Object.keys(clerksExpected).sort());
  });
});

describe('new members, follow-up completion and tickets', () => {
  it('adds the rows per clerk and for the store', () => {
    const { store, byClerk } = computeStoreFigures({
      ...none,
      newMembers: [
        { clerkId: 'A', count: 3 },
        { clerkId: null, count: 2 },
      ],
      tasks: [
        { assigneeId: 'A', due: 4, done: 3 },
        { assigneeId: 'B', due: 1, done: 0 },
      ],
      openTickets: [
        { assigneeId: null, open: 1 },
        { assigneeId: 'B', open: 2 },
      ],
      periodTickets: [
        { assigneeId: 'A', resolved: 2, handlingMs: 3_600_000 * 10, rated: 2, ratingSum: 9 },
        { assigneeId: 'B', resolved: 1, handlingMs: 3_600_000 * 2, rated: 0, ratingSum: 0 },
      ],
    });
    expect(store).toEqual({
      newMembers: 5,
      buyers: 0,
      repeatBuyers: 0,
      repeatRate: null,
      tasksDue: 5,
      tasksDone: 3,
      completionRate: 0.6,
      openTickets: 3,
      resolvedTickets: 3,
      avgHandlingMs: 3_600_000 * 4,
      ratedTickets: 2,
      avgRating: 4.5,
      repeatOrders: 0,
      repeatFen: 0,
    });
    expect(byClerk.get('A')).toMatchObject({
      newMembers: 3,
      completionRate: 0.75,
      avgHandlingMs: 3_600_000 * 5,
      avgRating: 4.5,
    });
    expect(byClerk.get('B')).toMatchObject({
      completionRate: 0,
      openTickets: 2,
      avgRating: null,
    });
  });
});
