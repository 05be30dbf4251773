/**
 * One demo member and their year (scripts/seed/demo.ts): identity, the new-member gift, orders
 * with their points lots and ledger, a points-mall coupon for some, statistics, level and tags
 * — all from the domain rules, in the order of the seeded random draws (changing the order
 * changes the whole demo).
 */
import { computeEarnedPoints, lotExpiresAt } from '../../src/domain/points';
import { applyOrderToStats, emptyStats, type MemberStats } from '../../src/domain/memberStats';
import { rollingSpend } from '../../src/domain/spendByMonth';
import { levelForSpend } from '../../src/domain/levels';
import { defaultSettings } from '../../src/domain/settings';
import { firstBirthdayDue } from '../../src/domain/birthdayGreeting';
import { newMemberCouponTemplate } from '../../src/domain/chainCoupons';
import { ensurePhone } from '../../src/domain/phone';
import { phoneTail } from '../../src/domain/customers/search';
import { mergeRecent, recentPurchaseOf } from '../../src/domain/recentPurchases';
import { giftClaimId } from '../../cloudfunctions/_shared/giftClaims';
import { couponIdOf } from '../../cloudfunctions/_shared/repos/coupons';
import { opKeys } from '../../cloudfunctions/_shared/keys';
import { tagFieldsFor } from '../../cloudfunctions/_shared/memberTags';
import { DEFAULT_TAG_RULES } from '../../src/domain/tags/families';
import { catalogueTemplate } from './loyaltyCatalogue';
import { seedCoupon } from './coupons';
import { CATEGORIES, DEMO_STORES, GIVEN_F, GIVEN_M, SURNAMES } from './demoChain';
import { rng as seededRng, type Rng } from './rng';
import type { DemoResponses } from './demoResponses';

const DAY = 86_400_000;
type Doc = Record<string, unknown>;

/** What the demo writes, collection by collection, as the members are drawn. */
export type DemoBooks = {
  members: Doc[];
  identities: Doc[];
  orders: Doc[];
  lots: Doc[];
  ledger: Doc[];
  coupons: Doc[];
  giftClaims: Doc[];
};

export function addDemoMember(
  books: DemoBooks,
  d: {
    r: Rng;
    i: number;
    now: number;
    piiHashSecret: string;
    phones: Set<string>;
    receiptSeq: Map<string, number>;
    clerksByStore: Map<string, string[]>;
    /** the campaign and automation history (demoResponses.ts): runs, and purchases they add */
    responses?: DemoResponses;
  },
): void {
  const { r, i, now, piiHashSecret, phones, receiptSeq, clerksByStore } = d;
  const { members, identities, orders, lots, ledger, coupons, giftClaims } = books;
  const settings = defaultSettings;
  const memberId = r.hex(32);
  const female = r.chance(0.72);
  const name =
    i < 12 || r.chance(0.8) ? r.pick([...SURNAMES]) + r.pick(female ? GIVEN_F : GIVEN_M) : null;
  let phone = '';
  do
    phone = ensurePhone(
      `1${r.pick(['38', '39', '35', '37', '58', '59', '86', '88'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
    );
  while (phones.has(phone));
  phones.add(phone);
  const home = r.pick(DEMO_STORES).id;
  const clerkId = r.pick(clerksByStore.get(home)!);
  const joinedAt = now - r.int(5, 380) * DAY - r.int(0, 10) * 3600_000;
  const hasBirthday = name !== null && r.chance(0.7);
  const birthday = hasBirthday
    ? { month: r.int(1, 12), day: r.int(1, 28), year: r.int(1965, 2003) }
    : null;
  // a few members have birthdays in the coming days so the birthday flows have someone to greet
  if (birthday && i % 40 === 0) {
    const soon = new Date(now + 8 * 3600_000 + (i % 5) * DAY);
    birthday.month = soon.getUTCMonth() + 1;
    birthday.day = soon.getUTCDate();
  }

  let stats: MemberStats = emptyStats();
  let balance = 0;
  /** the balance without the purchases the campaign and automations caused: the draws below depend on it */
  let drawnBalance = 0;
  let lifetime = 0;
  const activity = r.next(); // heavy / regular / occasional / lapsed shoppers
  const orderCount =
    activity < 0.12
      ? r.int(12, 24)
      : activity < 0.45
        ? r.int(4, 10)
        : activity < 0.85
          ? r.int(1, 3)
          : 0;
  const times = Array.from(
    { length: orderCount },
    () => joinedAt + r.int(0, Math.max(1, Math.floor((now - joinedAt) / 3600_000))) * 3600_000,
  ).sort((a, b) => a - b);
  const lapsed = activity > 0.75;
  const memberCoupons: Record<string, unknown>[] = [];

  // new-member gift at signup (members who joined through the mini-program)
  void r.hex(32); // drawn as before, so the rest of the demo stays the same
  const gift = seedCoupon({
    memberId,
    templateId: 'newMember',
    template: newMemberCouponTemplate(settings),
    code: r.hex(12).toUpperCase(),
    issueKey: opKeys.newMemberCoupon(memberId),
    source: 'signup',
    at: joinedAt,
  });
  memberCoupons.push(gift);
  giftClaims.push({ _id: giftClaimId(phone, piiHashSecret), at: joinedAt });

  // the purchases the campaign and automations caused, drawn from a source of their own so
  // every other draw of the demo is the same
  const side = seededRng(parseInt(memberId.slice(0, 8), 16));
  const extra =
    d.responses?.member({
      memberId,
      storeId: home,
      joinedAt,
      times: lapsed ? times.filter((at) => at <= now - 90 * DAY) : times,
      canRespond: !lapsed,
      rng: side,
    }) ?? [];
  const purchases = [
    ...times.map((at) => ({ at, g: r, caused: false })),
    ...extra.map((at) => ({ at, g: side, caused: true })),
  ].sort((a, b) => a.at - b.at);
  for (const [k, { at, g, caused }] of purchases.entries()) {
    if (lapsed && !caused && at > now - 90 * DAY) continue;
    const storeId = g.chance(0.8) ? home : g.pick(DEMO_STORES).id;
    const lineCount = g.int(1, 4);
    const favourite = CATEGORIES[i % CATEGORIES.length];
    const lines = Array.from({ length: lineCount }, () => {
      const cat = g.chance(0.55) ? favourite : g.pick(CATEGORIES);
      const qty = g.int(1, 3);
      return {
        category: cat.name,
        name: g.pick(cat.items),
        quantity: qty,
        amountFen: qty * Math.round(g.int(cat.price[0], cat.price[1]) / 10) * 10,
      };
    });
    const amountFen = lines.reduce((s, l) => s + l.amountFen, 0);
    const useGift = k === 0 && gift.status === 'unused' && at <= gift.validUntil;
    const discountFen = useGift ? Math.min(1000, amountFen) : 0;
    const paidFen = amountFen - discountFen;
    const level = levelForSpend(rollingSpend(stats.spendByMonth, at), settings);
    const earned = computeEarnedPoints({ paidFen, level, settings }).total;
    const seq = (receiptSeq.get(storeId) ?? 0) + 1;
    receiptSeq.set(storeId, seq);
    const orderId = g.hex(32);
    if (useGift) Object.assign(gift, { status: 'used', usedAt: at, orderId });
    orders.push({
      _id: orderId,
      storeId,
      receiptNo: `${storeId}-${String(seq).padStart(6, '0')}`,
      memberId,
      clerkId: g.pick(clerksByStore.get(storeId)!),
      lines,
      amountFen,
      discountFen,
      paidFen,
      couponId: useGift ? gift._id : null,
      pointsEarned: earned,
      status: 'completed',
      refundedFen: 0,
      source: 'till',
      createdAt: at,
    });
    if (earned > 0) {
      const lotId = g.hex(32);
      lots.push({
        _id: lotId,
        memberId,
        earned,
        remaining: earned,
        expiresAt: lotExpiresAt(at, settings),
        earnedAt: at,
        orderId,
        source: 'order',
      });
      ledger.push({ _id: g.hex(32), memberId, kind: 'earn', delta: earned, ref: orderId, at });
      balance += earned;
      if (!caused) drawnBalance += earned;
      lifetime += earned;
    }
    stats = applyOrderToStats(stats, {
      paidFen,
      createdAt: at,
      storeId,
      usedCoupon: useGift,
      lines,
    });
  }
  if (gift.status === 'unused' && gift.validUntil < now) gift.status = 'expired';

  // some members redeemed points for a coupon in the points mall (soonest lots first)
  if (drawnBalance >= 300 && r.chance(0.35)) {
    let toSpend = 300;
    const memberLots = lots
      .filter((l) => l.memberId === memberId)
      .sort((a, b) => Number(a.expiresAt) - Number(b.expiresAt));
    for (const lot of memberLots) {
      const take = Math.min(toSpend, Number(lot.remaining));
      lot.remaining = Number(lot.remaining) - take;
      toSpend -= take;
      if (toSpend === 0) break;
    }
    balance -= 300;
    const at = now - r.int(1, 60) * DAY;
    void r.hex(32); // drawn as before, so the rest of the demo stays the same
    const couponId = couponIdOf(`mall:${memberId}:${at}`);
    ledger.push({
      _id: r.hex(32),
      memberId,
      kind: 'spend',
      delta: -300,
      ref: `mall:${couponId}`,
      at,
    });
    memberCoupons.push(
      seedCoupon({
        memberId,
        templateId: 'mall-20',
        template: catalogueTemplate('mall-20'),
        code: r.hex(12).toUpperCase(),
        issueKey: `mall:${memberId}:${at}`,
        source: 'mall',
        at,
      }),
    );
  }

  const spend12m = rollingSpend(stats.spendByMonth, now);
  const ownOrders = orders.filter((o) => o.memberId === memberId) as Parameters<
    typeof recentPurchaseOf
  >[0][];
  const level = levelForSpend(spend12m, settings);
  // computed tags as the order path writes them (the same apply step), as of now
  const tagged = { _id: memberId, stats, level, createdAt: joinedAt };
  const { fields: tags } = tagFieldsFor(tagged, DEFAULT_TAG_RULES, now, 'event');
  members.push({
    _id: memberId,
    memberNo: 10_000_000 + i * 7919 + r.int(0, 7000),
    phone,
    phoneTail: phoneTail(phone),
    name,
    gender: name ? (female ? 'female' : 'male') : null,
    birthday,
    birthdayDueAt: birthday ? firstBirthdayDue(birthday, now) : null,
    level,
    points: { balance, lifetime },
    stats,
    recentPurchases: mergeRecent([], ownOrders.map(recentPurchaseOf)),
    ...tags,
    source: { storeId: home, clerkId, channel: i % 6 === 5 ? 'import' : 'qr', at: joinedAt },
    homeStoreId: home,
    clerkId,
    consent: {
      privacy: { version: defaultSettings.privacy.consentVersion, at: joinedAt },
      marketing: r.chance(0.6) ? { at: joinedAt } : null,
    },
    status: 'active',
    createdAt: joinedAt,
    updatedAt: now,
  });
  if (i < 12)
    identities.push({
      _id: `o_demo_member_${String(i + 1).padStart(2, '0')}`,
      memberId,
      appid: 'wx0000000000local',
      unionid: null,
      linkedAt: joinedAt,
    });
  coupons.push(...memberCoupons);
}
