/**
 * The unfinished sale at the till — member, lines, coupon choice, receipt number — kept in
 * the phone's storage under the clerk and the store (useSaleDraft.ts), so a reload or a
 * crash of the page loses nothing and never invents a new receipt number. It is cleared
 * when the sale is recorded or the clerk taps 「清空」. A draft from an earlier shift
 * (older than DRAFT_TTL_MS) or of another shape is dropped.
 */
import { z } from 'zod';
import type { CouponView } from '@/contracts/member';
import type { StaffView, TillMemberView } from '@/contracts/staff';
import { TILL_CATEGORIES, type DraftLine } from './cart';
import type { CouponChoice } from './couponChoice';

export type SaleDraft = {
  member: TillMemberView | null;
  lines: DraftLine[];
  receiptNo: string;
  coupon: CouponChoice;
  /** coupons found by their code after the member was looked up */
  extraCoupons: CouponView[];
};

/** A shift: a sale left longer than this is not a sale anyone is still ringing up. */
export const DRAFT_TTL_MS = 12 * 60 * 60 * 1000;

/** 'crm.till.draft.<staffId>.<storeId>': two clerks on one phone keep two sales. */
export function draftKey(staff: Pick<StaffView, 'staffId' | 'storeId'>): string {
  return `crm.till.draft.${staff.staffId}.${staff.storeId ?? '-'}`;
}

/** A new line after the existing ones (keys stay unique across reloads). */
export function newLine(lines: readonly DraftLine[], category?: string): DraftLine {
  const last = lines.reduce((n, l) => Math.max(n, Number(l.key.slice(1)) || 0), 0);
  return {
    key: `l${last + 1}`,
    category: category ?? lines[lines.length - 1]?.category ?? TILL_CATEGORIES[0],
    name: '',
    amountText: '',
  };
}

export function emptyDraft(): SaleDraft {
  return {
    member: null,
    lines: [newLine([])],
    receiptNo: '',
    coupon: { kind: 'best' },
    extraCoupons: [],
  };
}

/** Nothing typed and nobody looked up: nothing to keep. */
export function isBlank(d: SaleDraft): boolean {
  return (
    !d.member && !d.receiptNo.trim() && d.lines.every((l) => !l.amountText.trim() && !l.name.trim())
  );
}

const lineSchema = z.object({
  key: z.string().regex(/^l\d+$/),
  category: z.string(),
  name: z.string(),
  amountText: z.string(),
});
const storedSchema = z.object({
  v: z.literal(1),
  savedAt: z.number(),
  member: z.looseObject({ memberId: z.string(), coupons: z.array(z.unknown()) }).nullable(),
  lines: z.array(lineSchema).min(1).max(20),
  receiptNo: z.string().max(60),
  coupon: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('best') }),
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('coupon'), id: z.string() }),
  ]),
  extraCoupons: z.array(z.looseObject({ id: z.string() })).max(20),
});

/** What to store: the draft stamped with the time. */
export function storedDraft(d: SaleDraft, now: number): unknown {
  return { v: 1, savedAt: now, ...d };
}

/**
 * The draft as stored, or null when there is none, it is malformed or it is stale.
 * @example readDraft(storedDraft(d, t), t + 60_000) // d
 */
export function readDraft(raw: unknown, now: number): SaleDraft | null {
  const parsed = storedSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { v, savedAt, ...draft } = parsed.data;
  void v;
  if (now - savedAt > DRAFT_TTL_MS || savedAt > now + DRAFT_TTL_MS) return null;
  return draft as SaleDraft;
}
