/**
 * Demo data for `npm start`: a believable chain — 5 stores in East China, 2 clerks and a
 * manager each, HQ, ~300 members with a year of purchases across categories, point lots
 * and ledger, coupons (new-member gifts, some used, some expired), all consistent with
 * the domain rules (points from computeEarnedPoints, levels from rolling spend, stats
 * from applyOrderToStats). Deterministic (seeded random), written once: a marker in
 * `jobRuns` makes a second run a no-op.
 */
import { computeEarnedPoints, lotExpiresAt } from '../../src/domain/points';
import { applyOrderToStats, emptyStats, type MemberStats } from '../../src/domain/memberStats';
import { rollingSpend } from '../../src/domain/spendByMonth';
import { levelForSpend } from '../../src/domain/levels';
import { defaultSettings } from '../../src/domain/settings';
import { firstBirthdayDue } from '../../src/domain/birthdayGreeting';
import { newMemberCouponTemplate } from '../../src/domain/chainCoupons';
import { ensurePhone } from '../../src/domain/phone';
import { mergeRecent, recentPurchaseOf } from '../../src/domain/recentPurchases';
import { catalogueTemplate, loyaltyCatalogue } from './loyaltyCatalogue';
import { seedCoupon } from './coupons';
import { giftClaimId } from '../../cloudfunctions/_shared/giftClaims';
import { couponIdOf } from '../../cloudfunctions/_shared/repos/coupons';
import { opKeys } from '../../cloudfunctions/_shared/keys';
import { tagFieldsFor } from '../../cloudfunctions/_shared/memberTags';
import { DEFAULT_TAG_RULES } from '../../src/domain/tags/families';
import {
  claimsOfCoupon,
  claimsOfMember,
  claimsOfStaff,
} from '../../cloudfunctions/_shared/repos/claims';

type BulkDb = {
  insertMany(collection: string, docs: Record<string, unknown>[]): unknown;
  find(
    collection: string,
    query: Record<string, unknown>,
    opts: { limit: number },
  ): Record<string, unknown>[];
};

const MARKER = 'seed:demo:v1';
const DAY = 86_400_000;

export const DEMO_STORES = [
  { id: 'S001', name: '南京西路店', city: '上海', address: '上海市静安区南京西路 1266 号' },
  { id: 'S002', name: '徐家汇店', city: '上海', address: '上海市徐汇区虹桥路 1 号' },
  { id: 'S003', name: '新街口店', city: '南京', address: '南京市玄武区中山路 18 号' },
  { id: 'S004', name: '湖滨银泰店', city: '杭州', address: '杭州市上城区延安路 258 号' },
  { id: 'S005', name: '苏州中心店', city: '苏州', address: '苏州市工业园区苏绣路 88 号' },
];

const CATEGORIES = [
  {
    name: '家居清洁',
    items: ['浓缩洗衣液', '厨房重油污清洁剂', '除菌地板清洁片', '玻璃清洁喷雾'],
    price: [1990, 8900],
  },
  {
    name: '个人护理',
    items: ['氨基酸洗发水', '薰衣草沐浴露', '护手霜礼盒', '竹炭牙膏'],
    price: [2590, 12900],
  },
  {
    name: '季节限定',
    items: ['冬季香氛蜡烛', '桂花香薰', '圣诞礼盒', '防晒喷雾'],
    price: [3900, 19900],
  },
  {
    name: '厨房用品',
    items: ['不粘煎锅', '硅胶锅铲套装', '保鲜盒 6 件套', '陶瓷餐具'],
    price: [2990, 25900],
  },
  {
    name: '收纳整理',
    items: ['衣物收纳箱', '抽屉分隔盒', '真空压缩袋', '桌面收纳架'],
    price: [1590, 9900],
  },
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱严覃武戴莫孔向常汤康易乔赖文';
const GIVEN_F = [
  '丽',
  '娜',
  '静',
  '敏',
  '芳',
  '婷',
  '雪',
  '琳',
  '慧',
  '洁',
  '颖',
  '倩',
  '佳怡',
  '雨桐',
  '晓燕',
  '梦瑶',
  '欣然',
  '思琪',
];
const GIVEN_M = [
  '伟',
  '强',
  '磊',
  '军',
  '杰',
  '涛',
  '斌',
  '浩',
  '鹏',
  '宇',
  '志明',
  '建华',
  '俊杰',
  '子轩',
  '浩然',
];

/** mulberry32: a small deterministic PRNG so the demo chain is the same on every machine */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    hex: (n: number) =>
      Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
}

export type DemoSeedResult = { created: boolean; summary: string };

/** `piiHashSecret` must be the functions' CRM_PII_HASH_SECRET (gift claims are keyed by it). */
export async function seedDemo(
  db: BulkDb,
  now: number,
  piiHashSecret: string,
  memberCount = 300,
): Promise<DemoSeedResult> {
  if (db.find('jobRuns', { _id: MARKER }, { limit: 1 }).length > 0)
    return { created: false, summary: '' };
  const r = rng(20261122);
  const settings = defaultSettings;

  const stores = DEMO_STORES.map((s) => ({
    _id: s.id,
    name: s.name,
    city: s.city,
    address: s.address,
    active: true,
    createdAt: now - 400 * DAY,
  }));
  const staff: Record<string, unknown>[] = [];
  const clerkNames = [
    '王芳',
    '李娜',
    '陈静',
    '刘婷',
    '张敏',
    '赵雪',
    '孙丽',
    '周洁',
    '吴倩',
    '郑颖',
  ];
  const managerNames = ['赵敏', '钱雯', '孙倩', '李慧', '周琳'];
  DEMO_STORES.forEach((s, i) => {
    for (let k = 1; k <= 2; k++) {
      staff.push({
        _id: `C${s.id.slice(1)}${k}`,
        name: clerkNames[i * 2 + k - 1],
        storeId: s.id,
        role: 'clerk',
        openid: `o_demo_clerk_${s.id}_${k}`,
        active: true,
        createdAt: now - 400 * DAY,
      });
    }
    staff.push({
      _id: `M${s.id.slice(1)}`,
      name: managerNames[i],
      storeId: s.id,
      role: 'manager',
      openid: `o_demo_manager_${s.id}`,
      active: true,
      createdAt: now - 400 * DAY,
    });
  });
  staff.push({
    _id: 'HQ01',
    name: '总部运营·沈琳',
    storeId: null,
    role: 'hq',
    openid: 'o_demo_hq',
    active: true,
    createdAt: now - 400 * DAY,
  });
  const clerksByStore = new Map(
    DEMO_STORES.map((s) => [
      s.id,
      staff.filter((x) => x.storeId === s.id && x.role === 'clerk').map((x) => String(x._id)),
    ]),
  );

  const members: Record<string, unknown>[] = [];
  const identities: Record<string, unknown>[] = [];
  const orders: Record<string, unknown>[] = [];
  const lots: Record<string, unknown>[] = [];
  const ledger: Record<string, unknown>[] = [];
  const coupons: Record<string, unknown>[] = [];
  const giftClaims: Record<string, unknown>[] = [];
  const receiptSeq = new Map<string, number>();
  const phones = new Set<string>();

  for (let i = 0; i < memberCount; i++) {
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

    for (const [k, at] of times.entries()) {
      if (lapsed && at > now - 90 * DAY) continue;
      const storeId = r.chance(0.8) ? home : r.pick(DEMO_STORES).id;
      const lineCount = r.int(1, 4);
      const favourite = CATEGORIES[i % CATEGORIES.length];
      const lines = Array.from({ length: lineCount }, () => {
        const cat = r.chance(0.55) ? favourite : r.pick(CATEGORIES);
        const qty = r.int(1, 3);
        return {
          category: cat.name,
          name: r.pick(cat.items),
          quantity: qty,
          amountFen: qty * Math.round(r.int(cat.price[0], cat.price[1]) / 10) * 10,
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
      const orderId = r.hex(32);
      if (useGift) Object.assign(gift, { status: 'used', usedAt: at, orderId });
      orders.push({
        _id: orderId,
        storeId,
        receiptNo: `${storeId}-${String(seq).padStart(6, '0')}`,
        memberId,
        clerkId: r.pick(clerksByStore.get(storeId)!),
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
        const lotId = r.hex(32);
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
        ledger.push({ _id: r.hex(32), memberId, kind: 'earn', delta: earned, ref: orderId, at });
        balance += earned;
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
    if (balance >= 300 && r.chance(0.35)) {
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

  db.insertMany('stores', stores);
  db.insertMany('staff', staff);
  db.insertMany('members', members);
  db.insertMany('identities', identities);
  db.insertMany('orders', orders);
  db.insertMany('pointLots', lots);
  db.insertMany('pointsLedger', ledger);
  db.insertMany('coupons', coupons);
  db.insertMany('giftClaims', giftClaims);
  const catalogue = loyaltyCatalogue(now, {
    storeIds: DEMO_STORES.map((s) => s.id),
    personaMemberIds: identities.map((x) => String(x.memberId)),
  });
  for (const [collection, docs] of Object.entries(catalogue)) db.insertMany(collection, docs);
  // the claims the functions write beside each member, staff record and coupon (repos/claims.ts)
  db.insertMany(
    'uniqueClaims',
    [
      ...members.map((m) =>
        claimsOfMember(m as Parameters<typeof claimsOfMember>[0], piiHashSecret),
      ),
      ...staff.map((s) => claimsOfStaff(s as Parameters<typeof claimsOfStaff>[0])),
      ...[...coupons, ...catalogue.coupons].map((c) => claimsOfCoupon(c)),
    ].flat(),
  );
  db.insertMany('jobRuns', [{ _id: MARKER, at: now }]);
  return {
    created: true,
    summary: `${stores.length} stores, ${staff.length} staff, ${members.length} members, ${orders.length} orders, ${coupons.length} coupons`,
  };
}
