/**
 * Outbox bench rows (`npm run bench` prints them; `tsx scripts/bench-outbox.ts [--quick]`
 * alone), on a private emulator with the minimal chain, its clerks following the 服务号:
 * - `outbox.send`: database requests of one staff reminder (a cross-store purchase found by
 *   the outbox timer's scan, its reminder, outbox row and service-account message), and a
 *   drain of 1,000 due messages: timer invocations and the longest one;
 * - `outbox.tokens`: stable_token calls per 1,000 messages (goal: 1 per token life).
 */
import type { Emulator } from '../emulator';
import { benchMain, withBenchEmulator } from './benchEmulator';
import { seedMinimal } from './seed/minimal';
import { serviceTemplateData } from '../src/domain/messages/templateValues';
import type { OutboxRunResult } from '../cloudfunctions/outbox/index';

export type OutboxBenchRow = { row: string; figure: string; detail: string };

async function fireOutbox(emu: Emulator) {
  const trigger = emu.scheduler.schedule().find((t) => t.functionName === 'outbox')!;
  const started = performance.now();
  const out = (await emu.scheduler.fireNow(trigger)).result;
  if (!out.ok) throw new Error(`outbox: ${out.errCode} ${out.errMsg}`);
  return {
    result: out.result as OutboxRunResult,
    ms: performance.now() - started,
    requests: emu.stats.get(out.invocationId).total,
  };
}

/** `n` pending staff messages (and their reminders) to one following clerk, due now. */
function dueMessages(
  emu: Emulator,
  n: number,
  staff: { id: string; storeId: string; unionid: string },
) {
  const now = emu.clock.now();
  const ids = Array.from({ length: n }, (_, i) => `bench:${staff.id}:${i}`);
  emu.database.insertMany(
    'staffReminders',
    ids.map((_id) => ({
      _id,
      staffId: staff.id,
      storeId: staff.storeId,
      kind: 'crossStorePurchase',
      title: '老顾客跨店购买',
      body: '您曾服务的客户张女士今日在南京西路店完成购买，请酌情跟进回访。',
      page: 'staff/pages/home/index',
      memberId: null,
      createdAt: now,
      readAt: null,
      delivery: 'pending',
      deliveredAt: null,
    })),
  );
  emu.database.insertMany(
    'outbox',
    ids.map((_id) => ({
      _id,
      channel: 'serviceAccount',
      staffId: staff.id,
      kind: 'crossStorePurchase',
      unionid: staff.unionid,
      templateId: 'TPL_SA_CLERK_FOLLOW_UP',
      page: 'staff/pages/home/index',
      data: serviceTemplateData({
        thing1: '张女士',
        thing2: '跨店购买，请跟进回访',
        thing3: '南京西路店',
      }),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      firstAttemptAt: null,
      touser: null,
      msgid: null,
      fallbackReason: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
    })),
  );
}

async function benchOutbox(emu: Emulator, drainSize: number): Promise<OutboxBenchRow[]> {
  const seed = await seedMinimal(emu.database, emu.clock.now());
  const [nanjing, xujiahui] = seed.clerks;
  for (const clerk of seed.clerks)
    emu.openApi.linkServiceAccountUser({
      serviceOpenid: `oSA_${clerk.id}`,
      unionid: clerk.unionid,
    });
  const control = emu.openApi.serviceAccount.control;
  control.resetCalls();
  const followers = emu.scheduler.schedule().find((t) => t.functionName === 'followers')!;
  await emu.scheduler.fireNow(followers);

  // one reminder: a 徐家汇店 customer buys at 南京西路店; the next outbox run reminds and sends
  const member = `bench_m1`;
  emu.database.insertMany('members', [
    {
      _id: member,
      memberNo: 90_000_001,
      phone: '13900000001',
      name: '张三丰',
      gender: 'female',
      level: 'normal',
      points: { balance: 0, lifetime: 0 },
      stats: {},
      homeStoreId: xujiahui.storeId,
      clerkId: xujiahui.id,
      consent: { privacy: { version: '2026-11', at: 0 }, marketing: null },
      status: 'active',
      createdAt: 0,
      updatedAt: 0,
    },
  ]);
  const purchase = await emu.invoke(
    'staff',
    {
      action: 'recordPurchase',
      memberId: member,
      receiptNo: 'BENCH1',
      lines: [{ category: '家居清洁', amountFen: 12_000 }],
      userInfo: { appId: 'bench', openId: nanjing.openid },
    },
    { openid: nanjing.openid, source: 'wx_client' },
  );
  if (!purchase.ok) throw new Error(`recordPurchase: ${purchase.errMsg}`);
  await fireOutbox(emu); // a first run: the scan's cursor
  emu.clock.advance(60_000);
  const sendsBefore = control.calls()['message/template/send'] ?? 0;
  const one = await fireOutbox(emu);
  // the same run with nothing to do, to take the scan and drain's fixed queries out
  emu.clock.advance(60_000);
  const idle = await fireOutbox(emu);
  const perReminder = one.requests - idle.requests;
  const oneSends = (control.calls()['message/template/send'] ?? 0) - sendsBefore;

  // a drain of `drainSize` due messages
  dueMessages(emu, drainSize, xujiahui);
  const runs: Awaited<ReturnType<typeof fireOutbox>>[] = [];
  let sent = 0;
  for (let i = 0; i < 50 && sent < drainSize; i++) {
    const run = await fireOutbox(emu);
    runs.push(run);
    sent += run.result.drain.sent;
  }
  const longest = Math.max(...runs.map((r) => r.ms));
  const drainCalls = control.calls();
  const sends = drainCalls['message/template/send'] ?? 0;
  return [
    {
      row: 'outbox.send',
      figure: `${perReminder} requests per staff reminder`,
      detail: `scan: clerk, member, store, reminder, outbox row; drain: claim, follower, ${oneSends} HTTP send, reminder, outbox row; an idle run: ${idle.requests} requests`,
    },
    {
      row: 'outbox.send',
      figure: `${drainSize} due: ${runs.length} invocation(s), longest ${(longest / 1000).toFixed(1)} s`,
      detail: `${sent} sent, ${(drainSize / (runs.reduce((s, r) => s + r.ms, 0) / 1000)).toFixed(0)} messages/s, ${(runs.reduce((s, r) => s + r.requests, 0) / drainSize).toFixed(1)} requests per message`,
    },
    {
      row: 'outbox.tokens',
      figure: `${(((drainCalls.stable_token ?? 0) * 1000) / Math.max(1, sends)).toFixed(1)} stable_token calls per 1,000 sends`,
      detail: `${drainCalls.stable_token ?? 0} call(s) from a cold start (follower sync, ${sends} sends, ${runs.length + 3} outbox runs) within one token life`,
    },
  ];
}

export const runOutboxBench = (quick: boolean): Promise<OutboxBenchRow[]> =>
  withBenchEmulator('outbox', (emu) => benchOutbox(emu, quick ? 300 : 1_000), { seed: false });

if (process.argv[1]?.endsWith('bench-outbox.ts'))
  benchMain('outbox (staff messages through the 服务号)', runOutboxBench);
