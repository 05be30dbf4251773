/**
 * A small chain's week for the report pages (weapp and browser tests): purchases made at the
 * till on 18 and 19 November 2026 (so the rollups are what the order path writes), read on
 * the 20th. Store S001 for the last 7 days: 3 orders, ¥280, one of two buyers came back
 * (复购率 50%), C0011's 业绩 ¥120; the chain adds one ¥300 order at S002. The night of the
 * 20th's nightly pass closes the 19th with the member snapshot (LTV, tag coverage).
 *
 * On the 17th, 会员日预告 reached m1 and m2 and held out m3 and a fourth member of S002 who
 * never buys (the runs as the automations timer writes them): the nightly pass counts
 * treated 2 of 2 responded against the holdout's 1 of 2 (+50 points) for the chain; S001
 * has no holdout of its own.
 */
import type { TestEmulator } from '../../support/emulator';
import { shanghaiTime } from '../../../src/domain/calendar';
import { addMember, data } from './loyalty';
import type { Reply } from '../../../src/contracts/reply';

export const REPORTS_START = shanghaiTime(2026, 11, 18, 10);
export const REPORTS_READ_AT = shanghaiTime(2026, 11, 20, 10);

export async function seedReportWeek(emu: TestEmulator): Promise<void> {
  let n = 0;
  const buy = async (memberId: string, openid: string, amountFen: number, category: string) =>
    data(
      await emu.call<Reply<{ orderId: string }>>(
        'staff',
        {
          action: 'recordPurchase',
          memberId,
          receiptNo: `WK${++n}`,
          lines: [{ category, amountFen }],
        },
        openid,
      ),
    );
  emu.clock.set(REPORTS_START);
  const m1 = addMember(emu, { clerkId: 'C0011', homeStoreId: 'S001' });
  const m2 = addMember(emu, { clerkId: null, homeStoreId: 'S001' });
  const m3 = addMember(emu, { clerkId: 'C0021', homeStoreId: 'S002' });
  const m4 = addMember(emu, { clerkId: null, homeStoreId: 'S002' });
  const runAt = REPORTS_START - 86_400_000;
  emu.database.insertMany(
    'automationRuns',
    (
      [
        [m1, 'S001', 'treated'],
        [m2, 'S001', 'treated'],
        [m3, 'S002', 'holdout'],
        [m4, 'S002', 'holdout'],
      ] as const
    ).map(([m, storeId, group]) => ({
      _id: `memberDay:${m._id}:2026-11-18`,
      automationKey: 'memberDay',
      memberId: m._id,
      storeId,
      occurrenceId: '2026-11-18',
      occurrenceAt: runAt,
      group,
      status: group === 'holdout' ? 'holdout' : 'done',
      step: 0,
      nextStepAt: null,
      actions:
        group === 'holdout'
          ? []
          : [
              {
                key: `memberDay:${m._id}:2026-11-18:s0:a0`,
                kind: 'memberMessage',
                outcome: 'notice',
              },
            ],
      startedAt: runAt,
      updatedAt: runAt,
    })),
  );
  await buy(m1._id, 'o_test_clerk_S001', 10_000, '家居清洁');
  await buy(m2._id, 'o_test_clerk_S001', 6_000, '个人护理');
  emu.clock.set(REPORTS_START + 86_400_000);
  await buy(m1._id, 'o_test_clerk_S001', 12_000, '厨房用品');
  await buy(m3._id, 'o_test_clerk_S002', 30_000, '厨房用品');
  emu.clock.set(shanghaiTime(2026, 11, 20, 2));
  const daily = emu.scheduler.schedule().find((t) => t.functionName === 'daily')!;
  const night = (await emu.scheduler.fireNow(daily)).result;
  if (!night.ok) throw new Error(`daily: ${night.errCode} ${night.errMsg}`);
  emu.clock.set(REPORTS_READ_AT);
}
