/**
 * Loyalty-engine scenarios for the bench: database requests per call and p50/p95 latency
 * of purchases (with and without a coupon, at the till and from a till system),
 * redemptions and refunds, on the emulator the caller started and seeded (seedMinimal).
 *
 *   npx tsx scripts/bench-loyalty.ts            standalone (own emulator)
 *   import { benchLoyalty } …                    rows for scripts/bench.ts
 */
import { emptyStats } from '../src/domain/memberStats';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { localEmulatorOptions } from './local-cloud';
import { buildFunctions } from './build-functions';
import { seedMinimal } from './seed/minimal';
import { seedCoupon } from './seed/coupons';
import { amountOffTemplate } from '../src/domain/chainCoupons';
import { beforeAfter } from './benchBaseline';

export const BENCH_POS_KEY = 'bench-pos-key-S001-0123456789';

type Sample = { ms: number; requests: number; ok: boolean };
export type LoyaltyRow = {
  scenario: string;
  calls: number;
  reqPerCall: string;
  p50: string;
  p95: string;
  errors: number;
};

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

function row(scenario: string, samples: Sample[]): LoyaltyRow {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const reqs = samples.map((s) => s.requests);
  const [lo, hi] = [Math.min(...reqs), Math.max(...reqs)];
  return {
    scenario,
    calls: samples.length,
    reqPerCall: beforeAfter(
      scenario,
      lo === hi
        ? String(lo)
        : `${lo}–${hi} (avg ${(reqs.reduce((a, b) => a + b, 0) / reqs.length).toFixed(1)})`,
    ),
    p50: pct(ms, 50).toFixed(1),
    p95: pct(ms, 95).toFixed(1),
    errors: samples.filter((s) => !s.ok).length,
  };
}

async function timed(
  emu: Emulator,
  name: string,
  event: Record<string, unknown>,
  openid: string,
  source = 'wx_client',
): Promise<Sample> {
  const t0 = performance.now();
  const out = await emu.invoke(
    name,
    openid ? { ...event, userInfo: { appId: 'bench', openId: openid } } : event,
    { openid, source },
  );
  const ms = performance.now() - t0;
  const requests = (emu.stats.get(out.invocationId) as { total: number }).total;
  const result = out.ok ? (out.result as { ok?: boolean; statusCode?: number }) : null;
  return {
    ms,
    requests,
    ok: Boolean(result) && result!.ok !== false && (result!.statusCode ?? 200) === 200,
  };
}

/**
 * Runs the scenarios `n` times each. Needs `CRM_POS_KEYS` to hold `{"S001": BENCH_POS_KEY}`
 * in the function environment for the till-system rows.
 */
export async function benchLoyalty(emu: Emulator, n: number): Promise<LoyaltyRow[]> {
  const now = emu.clock.now();
  const clerk = 'o_test_clerk_S001';
  const members = Array.from({ length: n + 1 }, (_, i) => ({
    // the last one only warms the instances
    _id: `bench-m${i}`,
    memberNo: 40_000_000 + i,
    phone: `177${String(i).padStart(8, '0')}`,
    name: '张三',
    gender: 'female',
    level: 'normal',
    points: { balance: 1_000, lifetime: 1_000 },
    stats: emptyStats(),
    homeStoreId: 'S001',
    clerkId: 'C0011',
    status: 'active',
    consent: { privacy: { version: '2026-11', at: now }, marketing: null },
    createdAt: now,
    updatedAt: now,
  }));
  emu.database.insertMany('members', members);
  emu.database.insertMany(
    'identities',
    members.map((m) => ({
      _id: `o_${m._id}`,
      memberId: m._id,
      appid: 'bench',
      unionid: null,
      linkedAt: now,
    })),
  );
  emu.database.insertMany(
    'pointLots',
    members.map((m) => ({
      _id: `lot-${m._id}`,
      memberId: m._id,
      earned: 1_000,
      remaining: 1_000,
      expiresAt: now + 400 * 86_400_000,
      earnedAt: now,
      orderId: null,
      source: 'award',
    })),
  );
  const coupon = (m: { _id: string }, k: string) =>
    seedCoupon({
      memberId: m._id,
      templateId: 'bench',
      template: amountOffTemplate(1_000, 30),
      code: `B${k}${m._id.slice(7)}X`.toUpperCase().padEnd(8, '0'),
      issueKey: `bench:${k}:${m._id}`,
      source: 'campaign',
      at: now - 1,
    });
  emu.database.insertMany('coupons', [
    ...members.map((m) => coupon(m, 'T')),
    ...members.map((m) => coupon(m, 'P')),
  ]);
  emu.database.insertMany('rewards', [
    {
      _id: 'bench-gift',
      title: '购物袋',
      description: '',
      kind: 'gift',
      pointsCost: 50,
      stock: n * 10,
      couponTemplateId: null,
      perMemberLimit: null,
      active: true,
      sort: 1,
      createdAt: now,
    },
  ]);
  const lines = [
    { category: '家居清洁', amountFen: 15_800 },
    { category: '个人护理', amountFen: 10_000 },
  ];
  const seq = async (fn: (i: number) => Promise<Sample>) => {
    const out: Sample[] = [];
    for (let i = 0; i < n; i++) out.push(await fn(i));
    return out;
  };
  const purchase = (i: number, suffix: string, couponId?: string) =>
    timed(
      emu,
      'staff',
      {
        action: 'recordPurchase',
        memberId: members[i]._id,
        receiptNo: `BENCH${suffix}${i}`,
        lines,
        ...(couponId ? { couponId } : {}),
      },
      clerk,
    );
  await purchase(n, 'WARM');
  const posEvent = (i: number) => {
    const body = JSON.stringify({
      storeId: 'S001',
      receiptNo: `BENCHPOS${i}`,
      phone: members[i].phone,
      couponCode: coupon(members[i], 'P').code,
      lines,
    });
    return {
      httpMethod: 'POST',
      headers: {
        'x-crm-signature': `sha256=${createHmac('sha256', BENCH_POS_KEY).update(body).digest('hex')}`,
      },
      body,
      isBase64Encoded: false,
    };
  };
  await timed(emu, 'pos', posEvent(n), '', 'wx_http');

  const rows = [
    row('staff.recordPurchase (no coupon)', await seq((i) => purchase(i, 'A'))),
    row(
      'staff.recordPurchase (¥10 coupon)',
      await seq((i) => purchase(i, 'B', coupon(members[i], 'T')._id)),
    ),
    row('staff.recordPurchase (receipt re-sent)', await seq((i) => purchase(i, 'B'))),
    row(
      'pos (coupon code, phone)',
      await seq((i) => timed(emu, 'pos', posEvent(i), '', 'wx_http')),
    ),
    row(
      'mall.redeemReward (gift)',
      await seq((i) =>
        timed(
          emu,
          'mall',
          { action: 'redeemReward', rewardId: 'bench-gift', requestId: `bench-req-${i}` },
          `o_${members[i]._id}`,
        ),
      ),
    ),
    row(
      'staff.refund (partial)',
      await seq((i) =>
        timed(
          emu,
          'staff',
          {
            action: 'refund',
            orderId: `S001.BENCHA${i}`,
            amountFen: 5_000,
            requestId: `bench-refund-${i}`,
          },
          clerk,
        ),
      ),
    ),
  ];
  const concurrent: Sample[] = [];
  for (let round = 0; round < Math.max(1, Math.floor(n / 20)); round++) {
    concurrent.push(
      ...(await Promise.all(Array.from({ length: 20 }, (_, i) => purchase(i, `C${round}-`)))),
    );
  }
  rows.push(row('staff.recordPurchase, 20 concurrent', concurrent));
  return rows;
}

if (process.argv[1]?.endsWith('bench-loyalty.ts')) {
  (async () => {
    const quick = process.argv.includes('--quick');
    await buildFunctions(undefined, { quiet: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-loyalty-'));
    const emu = await startEmulator({
      port: 0,
      timers: false,
      ...localEmulatorOptions({ CRM_POS_KEYS: JSON.stringify({ S001: BENCH_POS_KEY }) }),
      dataDir,
    });
    try {
      await seedMinimal(emu.database, emu.clock.now());
      const rows = await benchLoyalty(emu, quick ? 30 : 200);
      console.log('\nloyalty bench (latency in ms through the local emulator)\n');
      console.table(rows);
    } finally {
      await emu.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
