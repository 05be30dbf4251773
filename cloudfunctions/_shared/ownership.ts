/**
 * Changing who a customer belongs to: the member's `clerkId` / `homeStoreId` (what every
 * view reads, domain/ownership.ts) and one `ownerHistory` document per change (who had
 * them, from when, why), so the retention bonus can be computed for any period.
 *
 * The one way a function moves a customer to another clerk outside the order path; the order
 * path's own change (`applyOrderOwnerChange`, with the 30-day term of domain/ownershipTerm.ts)
 * and the nightly return of expired terms (`returnExpiredTerms`) live here too.
 */
import { planOwnerOnPurchase, returnDue, type OwnerStep } from '@/domain/ownershipTerm';
import type { Ctx } from './runtime';
import { getById } from './db';
import { logEvent } from './log';
import type { MemberDoc } from './repos/members';
import type { OwnerHistoryView } from '@/contracts/customers';
import type { OrderDoc, OrderOwnerPlan } from './repos/orders';
import { orderOwnerFields } from './orderPlan';

/** why an owner changed: the reasons the history view names (contracts/customers.ts) */
export type OwnerChangeReason = OwnerHistoryView['why'];

export type OwnerHistoryDoc = {
  _id: string;
  memberId: string;
  clerkId: string | null;
  storeId: string | null;
  previousClerkId: string | null;
  previousStoreId: string | null;
  why: OwnerChangeReason;
  /** the staff member who made the change (null: the system) */
  by: string | null;
  at: number;
  /** a temporary move (crossStore): the end of its term */
  until?: number | null;
};

/**
 * Moves the member to `clerkId` / `storeId` if they are still with `from` (a conditional
 * update: two concurrent moves, one wins); answers whether this call moved them.
 */
export async function assignOwner(
  ctx: Ctx,
  input: {
    memberId: string;
    from: { clerkId: string | null; storeId: string | null };
    to: { clerkId: string | null; storeId: string | null };
    why: OwnerChangeReason;
    by: string | null;
  },
): Promise<boolean> {
  const { memberId, from, to } = input;
  const res = await ctx.db
    .collection('members')
    .where({ _id: memberId, clerkId: from.clerkId, homeStoreId: from.storeId })
    .update({
      data: {
        clerkId: to.clerkId,
        homeStoreId: to.storeId,
        ownerSince: ctx.now,
        // a hand-made move ends a temporary term, and fails a purchase's plan made before it
        ownerTerm: null,
        ownerRev: ctx.db.command.inc(1),
      },
    });
  if (res.stats.updated !== 1) return false;
  const doc: OwnerHistoryDoc = {
    _id: `${memberId}:${ctx.now}`,
    memberId,
    clerkId: to.clerkId,
    storeId: to.storeId,
    previousClerkId: from.clerkId,
    previousStoreId: from.storeId,
    why: input.why,
    by: input.by,
    at: ctx.now,
  };
  await ctx.db.collection('ownerHistory').add({ data: doc });
  return true;
}

/** The ownerHistory document of one change (its `_id`: the same from every path that makes it). */
function stepDoc(
  memberId: string,
  step: OwnerStep,
  by: string | null,
  until: number | null,
): Omit<OwnerHistoryDoc, '_id'> {
  return {
    memberId,
    clerkId: step.to.clerkId,
    storeId: step.to.storeId,
    previousClerkId: step.from.clerkId,
    previousStoreId: step.from.storeId,
    why: step.why,
    by: step.why === 'reverted' && until === null ? null : by,
    at: step.at,
    until,
  };
}

/** A term's end is written once, whether the nightly pass or an order found it due. */
const revertId = (memberId: string, until: number) => `${memberId}:revert:${until}`;

async function writeSteps(ctx: Ctx, order: OrderDoc, plan: OrderOwnerPlan): Promise<void> {
  await Promise.all(
    plan.steps.map((step, i) => {
      const expired = step.why === 'reverted' && step.at < order.createdAt;
      const id = expired
        ? revertId(order.memberId, step.at)
        : `${order.memberId}:order:${order._id}`;
      const last = i === plan.steps.length - 1;
      const doc = stepDoc(
        order.memberId,
        step,
        expired ? null : order.clerkId,
        last && plan.term ? plan.term.until : null,
      );
      return ctx.db.collection('ownerHistory').doc(id).set({ data: doc });
    }),
  );
}

const OWNER_OPS_KEPT = 20;
const MAX_REPLANS = 3;

/**
 * The order path's owner change (orderPlan.ts `ownerPlan`), after the order is written: one
 * member update guarded by the owner the plan was decided from (clerk, store, `ownerRev`),
 * then one ownerHistory document per step, keyed by the order (a retry writes them once).
 * A guard that no longer holds means another change came first — a retry of this order
 * (its id is in `ownerOps`: only the history is written again) or a concurrent purchase:
 * the plan is made again on the member as now read, and the order's owner fields are
 * rewritten to say what it did (so a lost race tells no clerk). Of concurrent purchases
 * each change is made by exactly one of them. Requests: 2 (update, history) per change;
 * a lost race +2 (read the member, rewrite the order) and the new plan's.
 */
export async function applyOrderOwnerChange(ctx: Ctx, order: OrderDoc): Promise<void> {
  const original = order.ownerPlan ?? null;
  let plan = original;
  const _ = ctx.db.command;
  let applied = false;
  for (let attempt = 0; plan && !applied; attempt++) {
    if (attempt > MAX_REPLANS) {
      logEvent('owner.contended', { orderId: order._id, memberId: order.memberId });
      plan = null; // outrun every time: this order leaves the owner to the others
      break;
    }
    const res = await ctx.db
      .collection('members')
      .where({
        _id: order.memberId,
        clerkId: plan.from.clerkId,
        homeStoreId: plan.from.storeId,
        ownerRev: plan.rev ?? _.exists(false),
      })
      .update({
        data: {
          clerkId: plan.owner.clerkId,
          homeStoreId: plan.owner.storeId,
          // replaced whole (a nested object would be merged into the one it replaces)
          ownerTerm: plan.term ? _.set(plan.term) : null,
          ownerRev: (plan.rev ?? 0) + 1,
          ownerSince: order.createdAt,
          ownerOps: _.push({ each: [order._id], slice: -OWNER_OPS_KEPT }),
        },
      });
    if (res.stats.updated === 1) {
      applied = true;
      break;
    }
    const member = await getById<MemberDoc>(ctx.db, 'members', order.memberId);
    if (!member) return;
    if (member.ownerOps?.includes(order._id)) {
      applied = true; // a retry of this order: its change is made, its history may not be
      break;
    }
    const next = planOwnerOnPurchase(member, {
      clerkId: order.clerkId,
      storeId: order.storeId,
      at: order.createdAt,
    });
    plan = next && {
      ...next,
      from: { clerkId: member.clerkId, storeId: member.homeStoreId },
      rev: member.ownerRev ?? null,
    };
  }
  if (plan && applied) await writeSteps(ctx, order, plan);
  if (plan !== original) {
    const fields = orderOwnerFields(plan);
    await ctx.db
      .collection('orders')
      .doc(order._id)
      .update({
        data: {
          ...fields,
          ownerPlan: fields.ownerPlan ? _.set(fields.ownerPlan) : null,
          reassign: fields.reassign ? _.set(fields.reassign) : null,
        },
      });
  }
}

/**
 * The nightly return (daily timer): members whose temporary term is over go back to the
 * original owner — an indexed range on `ownerTerm.until`, a page at a time; each member one
 * guarded update and one ownerHistory document (`reverted`, at the term's end).
 */
export async function returnExpiredTerms(
  ctx: Ctx,
  deadline: number,
): Promise<{ returned: number; read: number; more: boolean }> {
  const { db, now } = ctx;
  const _ = db.command;
  const out = { returned: 0, read: 0, more: true };
  while (performance.now() < deadline) {
    const page = (
      await db
        .collection('members')
        .where({ 'ownerTerm.until': _.lt(now) })
        .orderBy('ownerTerm.until', 'asc')
        .limit(100)
        .field({ clerkId: true, homeStoreId: true, ownerTerm: true, ownerRev: true })
        .get()
    ).data as Pick<MemberDoc, '_id' | 'clerkId' | 'homeStoreId' | 'ownerTerm' | 'ownerRev'>[];
    out.read += page.length;
    if (page.length === 0) {
      out.more = false;
      break;
    }
    for (const m of page) {
      if (performance.now() >= deadline) return out;
      const d = returnDue(m, now);
      if (d.kind !== 'returned') continue;
      const until = m.ownerTerm!.until;
      const res = await db
        .collection('members')
        .where({
          _id: m._id,
          clerkId: m.clerkId,
          homeStoreId: m.homeStoreId,
          ownerRev: m.ownerRev ?? _.exists(false),
        })
        .update({
          data: {
            clerkId: d.to.clerkId,
            homeStoreId: d.to.storeId,
            ownerTerm: null,
            ownerRev: (m.ownerRev ?? 0) + 1,
            ownerSince: until,
          },
        });
      if (res.stats.updated !== 1) continue; // a purchase moved them first: its plan saw the term
      const step: OwnerStep = {
        why: 'reverted',
        from: { clerkId: m.clerkId, storeId: m.homeStoreId },
        to: d.to,
        at: until,
      };
      await db
        .collection('ownerHistory')
        .doc(revertId(m._id, until))
        .set({ data: stepDoc(m._id, step, null, null) });
      out.returned += 1;
    }
  }
  return out;
}

/** A member's owners, oldest first (index member_time). */
export async function ownerHistoryOf(ctx: Ctx, memberId: string): Promise<OwnerHistoryDoc[]> {
  const res = await ctx.db
    .collection('ownerHistory')
    .where({ memberId })
    .orderBy('at', 'asc')
    .limit(100)
    .get();
  return res.data as OwnerHistoryDoc[];
}
