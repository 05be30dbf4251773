/**
 * Service tickets end to end: a clerk opens one for a customer (a retry: the same ticket),
 * the store manager assigns it, the assignee resolves it with a note and the handling time
 * on the emulator's clock is recorded; the member rates it once (not before resolution, not
 * twice, not another member's).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { shanghaiTime } from '../../src/domain/calendar';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import type { TicketView } from '../../src/contracts/tickets';
import { addMember, callCounted, find, type TestMember } from './support/loyalty';
import type { CardView } from '../../src/contracts/member';

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string } };

let emu: TestEmulator;
let seed: MinimalSeed;
let member: TestMember;
let stranger: TestMember;

const call = <T>(fn: string, action: string, input: Record<string, unknown>, openid: string) =>
  emu.call<Reply<T>>(fn, { action, ...input }, openid);
const ok = <T>(r: Reply<T>): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
};

beforeAll(async () => {
  emu = await startTestEmulator({ startsAt: shanghaiTime(2026, 12, 1, 10) });
  seed = await emu.seedMinimal();
  member = addMember(emu, { clerkId: seed.clerks[0].id, homeStoreId: 'S001', name: '李四' });
  stranger = addMember(emu, { clerkId: seed.clerks[0].id, homeStoreId: 'S001' });
});
afterAll(async () => {
  await emu?.stop();
});

describe('a service ticket from opening to the member’s rating', () => {
  let ticket: TicketView;
  it('a clerk opens it for a customer of the store, once under retries', async () => {
    const input = {
      memberId: member._id,
      kind: 'complaint',
      title: '香薰机漏水',
      description: '购买三天后底部漏水',
      requestId: 'tkt-00000001',
    };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        call<{ ticket: TicketView; created: boolean }>(
          'staff',
          'openTicket',
          input,
          seed.clerks[0].openid,
        ),
      ),
    );
    expect(replies.map(ok).filter((r) => r.created)).toHaveLength(1);
    ticket = ok(replies[0]).ticket;
    expect(ticket).toMatchObject({ state: 'open', kind: 'complaint', memberDisplayName: '李女士' });
    expect(find(emu, 'tickets', { memberId: member._id })).toHaveLength(1);
    const elsewhere = await call('staff', 'openTicket', input, seed.clerks[1].openid);
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_FOUND' } });
  });

  it('the member cannot rate it before it is resolved', async () => {
    const early = await call(
      'member',
      'rateTicket',
      { ticketId: ticket.id, score: 5 },
      member.openid,
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'TICKET.NOT_RESOLVED' } });
  });

  it('the manager assigns it; a clerk may not', async () => {
    const byClerk = await call(
      'staff',
      'assignTicket',
      { ticketId: ticket.id, assigneeId: seed.managers[0].id },
      seed.clerks[0].openid,
    );
    expect(byClerk).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const assigned = ok(
      await call<{ ticket: TicketView }>(
        'staff',
        'assignTicket',
        { ticketId: ticket.id, assigneeId: seed.managers[0].id },
        seed.managers[0].openid,
      ),
    );
    expect(assigned.ticket.assigneeId).toBe(seed.managers[0].id);
  });

  it('resolved with a note 5 hours later: handling time recorded', async () => {
    const openedAt = find(emu, 'tickets', { _id: ticket.id })[0].openedAt as number;
    emu.clock.set(openedAt + 5 * 3_600_000);
    const input = { ticketId: ticket.id, resolution: '已更换新机' };
    const byClerk = await call('staff', 'resolveTicket', input, seed.clerks[0].openid);
    expect(byClerk).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const resolved = ok(
      await call<{ ticket: TicketView }>('staff', 'resolveTicket', input, seed.managers[0].openid),
    );
    expect(resolved.ticket).toMatchObject({ state: 'resolved', resolution: '已更换新机' });
    expect(resolved.ticket.handlingMs).toBeGreaterThanOrEqual(5 * 3_600_000);
    expect(resolved.ticket.handlingMs).toBeLessThan(5 * 3_600_000 + 60_000);
    const again = ok(
      await call<{ ticket: TicketView }>('staff', 'resolveTicket', input, seed.managers[0].openid),
    );
    expect(again.ticket.resolvedAt).toBe(resolved.ticket.resolvedAt);
    const store = ok(
      await call<{ tickets: TicketView[] }>(
        'staff',
        'listTickets',
        { scope: 'store' },
        seed.managers[0].openid,
      ),
    );
    expect(store.tickets.map((t) => t.id)).toEqual([ticket.id]);
  });

  it('the member card asks for the rating, in its 2 requests', async () => {
    await call('member', 'getCard', {}, member.openid); // a fixture member's one-time backfill
    const card = await callCounted<CardView>(emu, 'member', { action: 'getCard' }, member.openid);
    expect(card.requests).toBe(2);
    expect(card.reply.ok && card.reply.data.ticketsToRate).toEqual([
      {
        id: ticket.id,
        kind: 'complaint',
        title: '香薰机漏水',
        resolution: '已更换新机',
        resolvedAt: expect.any(Number),
      },
    ]);
    const strangers = ok(await call<CardView>('member', 'getCard', {}, stranger.openid));
    expect(strangers.ticketsToRate).toEqual([]);
  });

  it('lists open tickets first, newest first within each', async () => {
    const open = ok(
      await call<{ ticket: TicketView }>(
        'staff',
        'openTicket',
        {
          memberId: stranger._id,
          kind: 'afterSales',
          title: '退换货',
          requestId: 'tkt-00000002',
        },
        seed.managers[0].openid,
      ),
    ).ticket;
    expect(open.assigneeId).toBeNull(); // a manager's ticket waits to be assigned
    const store = ok(
      await call<{ tickets: TicketView[] }>(
        'staff',
        'listTickets',
        { scope: 'store' },
        seed.managers[0].openid,
      ),
    );
    expect(store.tickets.map((t) => [t.id, t.state])).toEqual([
      [open.id, 'open'],
      [ticket.id, 'resolved'],
    ]);
    const resolvedOnly = ok(
      await call<{ tickets: TicketView[] }>(
        'staff',
        'listTickets',
        { scope: 'store', state: 'resolved' },
        seed.managers[0].openid,
      ),
    );
    expect(resolvedOnly.tickets.map((t) => t.id)).toEqual([ticket.id]);
    const mine = await call('staff', 'listTickets', { scope: 'store' }, seed.clerks[0].openid);
    expect(mine).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('the member rates it once; another member cannot', async () => {
    const other = await call(
      'member',
      'rateTicket',
      { ticketId: ticket.id, score: 1 },
      stranger.openid,
    );
    expect(other).toMatchObject({ ok: false, error: { code: 'COMMON.NOT_FOUND' } });
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(
          'member',
          'rateTicket',
          { ticketId: ticket.id, score: 4, comment: '处理及时' },
          member.openid,
        ),
      ),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok))
      expect(r).toMatchObject({ ok: false, error: { code: 'TICKET.ALREADY_RATED' } });
    expect(find(emu, 'tickets', { _id: ticket.id })[0].rating).toMatchObject({
      score: 4,
      comment: '处理及时',
    });
    // the card's prompt is gone once rated
    const card = ok(await call<CardView>('member', 'getCard', {}, member.openid));
    expect(card.ticketsToRate).toEqual([]);
  });
});
