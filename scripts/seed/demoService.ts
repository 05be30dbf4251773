/**
 * The demo chain's past service work: follow-up tasks (回访) its clerks completed and the
 * complaints and after-sales tickets its stores resolved over the last 180 days, so the
 * reports' 回访完成率 and 投诉平均处理时长 and 门店数据 have history. Only finished work: the
 * workbench's open lists start as the automations leave them.
 */
import { DAY_MS } from '../../src/domain/calendar';
import { handlingMs } from '../../src/domain/tickets';
import type { rng } from './rng';

type Rng = ReturnType<typeof rng>;
type SeedMember = Record<string, unknown>;

const HOUR = 3_600_000;
const TICKET_TITLES = [
  ['complaint', '结账排队太久'],
  ['complaint', '店员推荐不符合需求'],
  ['afterSales', '收纳盒有裂痕，要求换货'],
  ['afterSales', '洗衣液漏液'],
] as const;

export function demoService(
  r: Rng,
  members: readonly SeedMember[],
  now: number,
): { tasks: Record<string, unknown>[]; tickets: Record<string, unknown>[] } {
  const tasks: Record<string, unknown>[] = [];
  const tickets: Record<string, unknown>[] = [];
  members.forEach((m, i) => {
    const clerkId = typeof m.clerkId === 'string' ? m.clerkId : null;
    const storeId = typeof m.homeStoreId === 'string' ? m.homeStoreId : null;
    if (!clerkId || !storeId) return;
    if (i % 3 === 0) {
      const dueAt = now - r.int(2, 180) * DAY_MS;
      const createdAt = dueAt - 3 * DAY_MS;
      const at = dueAt - r.int(0, 60) * HOUR;
      tasks.push({
        _id: `demo-task-${i}`,
        memberId: m._id,
        storeId,
        assigneeId: clerkId,
        assigneeRole: 'clerk',
        title: '购后回访',
        script: null,
        dueAt,
        state: 'done',
        source: { kind: 'manual', createdBy: clerkId },
        createdAt,
        pooledAt: null,
        claimedBy: null,
        claimedAt: null,
        outcome: {
          result: r.pick(['contacted', 'visited', 'noAnswer'] as const),
          note: null,
          by: clerkId,
          at,
        },
        updatedAt: at,
      });
    }
    if (i % 4 === 1) {
      const [kind, title] = r.pick(TICKET_TITLES);
      const openedAt = now - r.int(2, 180) * DAY_MS - r.int(0, 10) * HOUR;
      const resolvedAt = openedAt + r.int(1, 72) * HOUR;
      tickets.push({
        _id: `demo-ticket-${i}`,
        memberId: m._id,
        storeId,
        kind,
        title,
        description: title,
        state: 'resolved',
        openedBy: clerkId,
        assigneeId: clerkId,
        openedAt,
        resolvedAt,
        resolution: '已致电顾客并处理完毕',
        handlingMs: handlingMs(openedAt, resolvedAt),
        rating: null,
      });
    }
  });
  return { tasks, tickets };
}
