/**
 * HQ's catalogue (contracts/catalog.ts): coupon templates and the points mall's rewards.
 * Managers and HQ read them; HQ alone creates, changes and switches them off or on.
 *
 * Every write is ONE transaction: the document (added, or read and updated on the
 * revision the screen saw) and its audit entry with the before and after, so a change never
 * exists without its record, nor the reverse, and a refused input writes nothing. Stock is
 * what is left, lowered meanwhile by issues and redemptions with conditional updates: a
 * change applies the difference HQ asked for to what is left now (domain/catalog.ts
 * `planStockChange`); an issue that lowers it during the transaction conflicts, and the
 * transaction is run again on the fresh count.
 */
import type { CouponTemplateView, RewardAdminView } from '@/contracts/catalog';
import { AppError, type ErrorCode } from '@/contracts/errors';
import {
  planStockChange,
  validityText,
  type CouponTemplateDef,
  type RewardDef,
} from '@/domain/catalog';
import { couponConditions, couponTitle } from '@/domain/couponText';
import type { Ctx } from '../_shared/runtime';
import {
  getById,
  isDuplicateKeyError,
  isTransactionConflict,
  runTransaction,
  type Transaction,
} from '../_shared/db';
import { derivedId } from '../_shared/keys';
import { auditActor, auditDoc } from '../_shared/repos/audit';
import type { CouponTemplateDoc, RewardDoc } from '../_shared/repos/rewards';
import { requireStaff, staffNamesByIds, type StaffDoc } from '../_shared/repos/staff';

const READ_ROLES = ['manager', 'hq'] as const;
const WRITE_ROLES = ['hq'] as const;
const LIST_MAX = 500;

const TEMPLATES = 'couponTemplates';
const REWARDS = 'rewards';

// ---------- views ----------

/** The definition fields of a template document (what HQ edits), without id, stock holds… */
export function templateDefOf(t: CouponTemplateDoc): CouponTemplateDef {
  return {
    name: t.name,
    kind: t.kind,
    amountFen: t.amountFen,
    thresholdFen: t.thresholdFen,
    percent: t.percent,
    capFen: t.capFen ?? null,
    storeIds: t.storeIds ?? [],
    categories: t.categories ?? [],
    validity: t.validity,
    perMemberLimit: t.perMemberLimit ?? null,
    stock: t.stock ?? null,
  };
}

function templateView(t: CouponTemplateDoc, names: Map<string, string>): CouponTemplateView {
  const def = templateDefOf(t);
  return {
    ...def,
    id: t._id,
    active: t.active !== false,
    rev: t.rev ?? 0,
    title: couponTitle(def),
    conditions: couponConditions(def),
    validityText: validityText(def.validity),
    createdAt: t.createdAt ?? null,
    updatedAt: t.updatedAt ?? null,
    updatedByName: t.updatedBy ? (names.get(t.updatedBy) ?? t.updatedBy) : null,
  };
}

export function rewardDefOf(r: RewardDoc): RewardDef {
  return {
    title: r.title,
    description: r.description ?? '',
    kind: r.kind,
    pointsCost: r.pointsCost,
    stock: r.stock ?? null,
    couponTemplateId: r.kind === 'coupon' ? r.couponTemplateId : null,
    perMemberLimit: r.perMemberLimit ?? null,
    sort: r.sort ?? 0,
  };
}

function rewardView(
  r: RewardDoc,
  templates: Map<string, CouponTemplateDoc>,
  names: Map<string, string>,
): RewardAdminView {
  const t = r.couponTemplateId ? templates.get(r.couponTemplateId) : undefined;
  const def = t ? templateDefOf(t) : null;
  return {
    ...rewardDefOf(r),
    id: r._id,
    active: r.active !== false,
    rev: r.rev ?? 0,
    redeemedCount: r.redeemedCount ?? 0,
    template:
      t && def
        ? {
            name: t.name,
            title: couponTitle(def),
            conditions: couponConditions(def),
            active: t.active !== false,
          }
        : null,
    updatedAt: r.updatedAt ?? null,
    updatedByName: r.updatedBy ? (names.get(r.updatedBy) ?? r.updatedBy) : null,
  };
}

const namesOf = (ctx: Ctx, docs: { updatedBy?: string }[]) =>
  staffNamesByIds(
    ctx.db,
    docs.map((d) => d.updatedBy).filter((x): x is string => Boolean(x)),
  );

async function allTemplates(ctx: Ctx): Promise<CouponTemplateDoc[]> {
  const res = await ctx.db
    .collection(TEMPLATES)
    .where({})
    .orderBy('createdAt', 'desc')
    .limit(LIST_MAX)
    .get();
  return res.data as CouponTemplateDoc[];
}

// ---------- reads ----------

export async function listCouponTemplates(ctx: Ctx): Promise<{ templates: CouponTemplateView[] }> {
  await requireStaff(ctx, READ_ROLES);
  const docs = await allTemplates(ctx);
  const names = await namesOf(ctx, docs);
  return { templates: docs.map((d) => templateView(d, names)) };
}

export async function listMallRewards(ctx: Ctx): Promise<{ rewards: RewardAdminView[] }> {
  await requireStaff(ctx, READ_ROLES);
  const [rewards, templates] = await Promise.all([
    ctx.db
      .collection(REWARDS)
      .where({})
      .orderBy('sort', 'asc')
      .limit(LIST_MAX)
      .get()
      .then((r) => r.data as RewardDoc[]),
    allTemplates(ctx),
  ]);
  const names = await namesOf(ctx, rewards);
  const byId = new Map(templates.map((t) => [t._id, t]));
  return { rewards: rewards.map((r) => rewardView(r, byId, names)) };
}

// ---------- writes ----------

type AuditKind = 'couponTemplate' | 'reward';

function audit(
  staff: StaffDoc,
  now: number,
  kind: AuditKind,
  verb: 'create' | 'update' | 'deactivate' | 'activate',
  id: string,
  detail: Record<string, unknown>,
  rev: number,
) {
  return auditDoc(
    {
      actor: auditActor(staff),
      action: `${kind}.${verb}`,
      target: { kind, id },
      detail,
      at: now,
      source: `crm.${verb}${kind === 'reward' ? 'MallReward' : 'CouponTemplate'}`,
    },
    `rev${rev}`,
  );
}

async function txGet<T>(tx: Transaction, collection: string, id: string): Promise<T | null> {
  const res = await tx.collection(collection).doc(id).get();
  return (res.data as T | undefined) ?? null;
}

/** A transaction's conflicts (retried, then exhausted) read as COMMON.CONFLICT. */
async function inTransaction<T>(ctx: Ctx, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await runTransaction(ctx.db, fn);
  } catch (e) {
    if (isTransactionConflict(e)) throw new AppError('COMMON.CONFLICT');
    throw e;
  }
}

/** The stores a template names must exist and be open. */
export async function ensureStores(ctx: Ctx, storeIds: string[]): Promise<void> {
  if (!storeIds.length) return;
  const res = await ctx.db
    .collection('stores')
    .where({ _id: ctx.db.command.in(storeIds), active: true })
    .field({ _id: true })
    .limit(storeIds.length)
    .get();
  if (res.data.length !== new Set(storeIds).size) throw new AppError('CATALOG.STORE_UNKNOWN');
}

/** A coupon reward's template must exist and be active. */
async function ensureTemplateUsable(ctx: Ctx, def: RewardDef): Promise<void> {
  if (def.kind !== 'coupon' || !def.couponTemplateId) return;
  const t = await getById<CouponTemplateDoc>(ctx.db, TEMPLATES, def.couponTemplateId);
  if (!t) throw new AppError('CATALOG.TEMPLATE_NOT_FOUND');
  if (t.active === false) throw new AppError('CATALOG.TEMPLATE_INACTIVE');
}

/** Insert a new document with its audit entry; a retried request answers the first one. */
async function create<D extends { _id: string }>(
  ctx: Ctx,
  collection: string,
  doc: D,
  auditEntry: ReturnType<typeof audit>,
): Promise<{ doc: D; created: boolean }> {
  try {
    await inTransaction(ctx, async (tx) => {
      await tx.collection(collection).add({ data: doc });
      await tx.collection('auditLog').add({ data: auditEntry });
    });
    return { doc, created: true };
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    const existing = await getById<D>(ctx.db, collection, doc._id);
    if (!existing) throw e;
    return { doc: existing, created: false };
  }
}

/**
 * Read the document in a transaction, check the revision, write what `change` answers and
 * the audit entry; answers the document as written.
 */
async function change<D extends { _id: string; rev?: number }>(
  ctx: Ctx,
  staff: StaffDoc,
  args: {
    collection: string;
    id: string;
    baseRev: number;
    notFound: ErrorCode;
    kind: AuditKind;
    verb: 'update' | 'deactivate' | 'activate';
    /** the fields to set (plain values; `validity` is replaced whole) and the audit facts */
    change: (current: D) => { fields: Record<string, unknown>; detail: Record<string, unknown> };
  },
): Promise<D> {
  const _ = ctx.db.command;
  return inTransaction(ctx, async (tx) => {
    const current = await txGet<D>(tx, args.collection, args.id);
    if (!current) throw new AppError(args.notFound);
    const rev = current.rev ?? 0;
    if (rev !== args.baseRev) throw new AppError('COMMON.CONFLICT');
    const { fields, detail } = args.change(current);
    const meta = { rev: rev + 1, updatedAt: ctx.now, updatedBy: staff._id };
    const data: Record<string, unknown> = { ...fields, ...meta };
    // a sub-object is merged by an update unless set whole (platform-facts.md)
    if (fields.validity) data.validity = _.set(fields.validity);
    await tx.collection(args.collection).doc(args.id).update({ data });
    await tx.collection('auditLog').add({
      data: audit(staff, ctx.now, args.kind, args.verb, args.id, detail, rev + 1),
    });
    return { ...current, ...fields, ...meta } as D;
  });
}

/** The stock a change writes, or CATALOG.STOCK_CHANGED; going unlimited drops the holds. */
function stockFields(current: number | null, base: number | null, wanted: number | null) {
  const plan = planStockChange({ current, base, wanted });
  if (!plan.ok) throw new AppError('CATALOG.STOCK_CHANGED');
  return plan.stock === null ? { stock: null, holds: [] } : { stock: plan.stock };
}

export async function createCouponTemplate(
  ctx: Ctx,
  input: { template: CouponTemplateDef; requestId: string },
): Promise<{ template: CouponTemplateView; created: boolean }> {
  const staff = await requireStaff(ctx, WRITE_ROLES);
  await ensureStores(ctx, input.template.storeIds);
  const _id = derivedId('tpl', input.requestId);
  const doc: CouponTemplateDoc = {
    _id,
    ...input.template,
    active: true,
    rev: 0,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    updatedBy: staff._id,
  };
  const out = await create(
    ctx,
    TEMPLATES,
    doc,
    audit(
      staff,
      ctx.now,
      'couponTemplate',
      'create',
      _id,
      { name: doc.name, after: input.template },
      0,
    ),
  );
  const names = await namesOf(ctx, [out.doc]);
  return { template: templateView(out.doc, names), created: out.created };
}

export async function updateCouponTemplate(
  ctx: Ctx,
  input: { id: string; template: CouponTemplateDef; baseRev: number; baseStock: number | null },
): Promise<{ template: CouponTemplateView }> {
  const staff = await requireStaff(ctx, WRITE_ROLES);
  await ensureStores(ctx, input.template.storeIds);
  const { stock: wanted, ...def } = input.template;
  const doc = await change<CouponTemplateDoc>(ctx, staff, {
    collection: TEMPLATES,
    id: input.id,
    baseRev: input.baseRev,
    notFound: 'CATALOG.TEMPLATE_NOT_FOUND',
    kind: 'couponTemplate',
    verb: 'update',
    change: (current) => {
      const fields = {
        ...def,
        ...stockFields(current.stock ?? null, input.baseStock, wanted ?? null),
      };
      return {
        fields,
        detail: {
          name: def.name,
          before: templateDefOf(current),
          after: templateDefOf({ ...current, ...fields } as CouponTemplateDoc),
        },
      };
    },
  });
  return { template: templateView(doc, await namesOf(ctx, [doc])) };
}

export async function setCouponTemplateActive(
  ctx: Ctx,
  input: { id: string; active: boolean; baseRev: number },
): Promise<{ template: CouponTemplateView }> {
  const staff = await requireStaff(ctx, WRITE_ROLES);
  if (!input.active) {
    // the mall would offer a reward nobody can redeem: HQ switches the reward off first
    const used = await ctx.db
      .collection(REWARDS)
      .where({ couponTemplateId: input.id, active: true })
      .count();
    if (used.total > 0) throw new AppError('CATALOG.TEMPLATE_IN_USE');
  }
  const doc = await change<CouponTemplateDoc>(ctx, staff, {
    collection: TEMPLATES,
    id: input.id,
    baseRev: input.baseRev,
    notFound: 'CATALOG.TEMPLATE_NOT_FOUND',
    kind: 'couponTemplate',
    verb: input.active ? 'activate' : 'deactivate',
    change: (current) => ({
      fields: { active: input.active },
      detail: { name: current.name, before: current.active !== false, after: input.active },
    }),
  });
  return { template: templateView(doc, await namesOf(ctx, [doc])) };
}

async function rewardViewOf(ctx: Ctx, doc: RewardDoc): Promise<RewardAdminView> {
  const t = doc.couponTemplateId
    ? await getById<CouponTemplateDoc>(ctx.db, TEMPLATES, doc.couponTemplateId)
    : null;
  return rewardView(doc, new Map(t ? [[t._id, t]] : []), await namesOf(ctx, [doc]));
}

export async function createMallReward(
  ctx: Ctx,
  input: { reward: RewardDef; requestId: string },
): Promise<{ reward: RewardAdminView; created: boolean }> {
  const staff = await requireStaff(ctx, WRITE_ROLES);
  await ensureTemplateUsable(ctx, input.reward);
  const _id = derivedId('rwd', input.requestId);
  const doc: RewardDoc = {
    _id,
    ...input.reward,
    active: true,
    holds: [],
    redeemedCount: 0,
    rev: 0,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    updatedBy: staff._id,
  };
  const out = await create(
    ctx,
    REWARDS,
    doc,
    audit(staff, ctx.now, 'reward', 'create', _id, { name: doc.title, after: input.reward }, 0),
  );
  return { reward: await rewardViewOf(ctx, out.doc), created: out.created };
}

export async function updateMallReward(
  ctx: Ctx,
  input: { id: string; reward: RewardDef; baseRev: number; baseStock: number | null },
): Promise<{ reward: RewardAdminView }> {
  const staff = await requireStaff(ctx, WRITE_ROLES);
  await ensureTemplateUsable(ctx, input.reward);
  const { stock: wanted, ...def } = input.reward;
  const doc = await change<RewardDoc>(ctx, staff, {
    collection: REWARDS,
    id: input.id,
    baseRev: input.baseRev,
    notFound: 'REWARD.NOT_FOUND',
    kind: 'reward',
    verb: 'update',
    change: (current) => {
      const fields = { ...def, ...stockFields(current.stock ?? null, input.baseStock, wanted) };
      return {
        fields,
        detail: {
          name: def.title,
          before: rewardDefOf(current),
          after: rewardDefOf({ ...current, ...fields } as RewardDoc),
        },
      };
    },
  });
  return { reward: await rewardViewOf(ctx, doc) };
}

export async function setMallRewardActive(
  ctx: Ctx,
  input: { id: string; active: boolean; baseRev: number },
): Promise<{ reward: RewardAdminView }> {
  const staff = await requireStaff(ctx, WRITE_ROLES);
  if (input.active) {
    const current = await getById<RewardDoc>(ctx.db, REWARDS, input.id);
    if (current) await ensureTemplateUsable(ctx, rewardDefOf(current));
  }
  const doc = await change<RewardDoc>(ctx, staff, {
    collection: REWARDS,
    id: input.id,
    baseRev: input.baseRev,
    notFound: 'REWARD.NOT_FOUND',
    kind: 'reward',
    verb: input.active ? 'activate' : 'deactivate',
    change: (current) => ({
      fields: { active: input.active },
      detail: { name: current.title, before: current.active !== false, after: input.active },
    }),
  });
  return { reward: await rewardViewOf(ctx, doc) };
}
