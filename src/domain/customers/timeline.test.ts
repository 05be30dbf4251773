import { describe, expect, it } from '@jest/globals';
import {
  couponEntries,
  mergeTimeline,
  noticeEntry,
  orderEntry,
  ticketEntry,
  taskEntry,
  type TimelineEntry,
} from './timeline';

const e = (kind: string, id: string, at: number): TimelineEntry => ({
  id: `${kind}:${id}`,
  at,
  kind: 'purchase',
  title: id,
  detail: null,
});

describe('the merged timeline', () => {
  const orders = [e('purchase', 'o3', 30), e('purchase', 'o2', 20), e('purchase', 'o1', 10)];
  const points = [e('points', 'p3', 30), e('points', 'p1', 5)];
  const tasks = [e('task', 't1', 25)];

  it('is newest first across sources, ties by id descending', () => {
    const page = mergeTimeline([orders, points, tasks], null, 3);
    expect(page.entries.map((x) => x.id)).toEqual(['purchase:o3', 'points:p3', 'task:t1']);
    expect(page.next).toEqual({ at: 25, id: 'task:t1' });
  });

  it('pages without gaps or repeats, and ends with a null cursor', () => {
    const seen: string[] = [];
    let cursor = null as { at: number; id: string } | null;
    for (let i = 0; i < 10; i++) {
      const page = mergeTimeline([orders, points, tasks], cursor, 2);
      seen.push(...page.entries.map((x) => x.id));
      cursor = page.next;
      if (!cursor) break;
    }
    expect(seen).toEqual([
      'purchase:o3',
      'points:p3',
      'task:t1',
      'purchase:o2',
      'purchase:o1',
      'points:p1',
    ]);
  });

  it('a page exactly as long as what is left has no next cursor', () => {
    expect(mergeTimeline([orders], null, 3).next).toBeNull();
    expect(mergeTimeline([orders], null, 2).next).toEqual({ at: 20, id: 'purchase:o2' });
  });
});

describe('entries say what happened in Chinese', () => {
  it('a purchase in another store, refunded in part', () => {
    const entry = orderEntry(
      {
        _id: 'o1',
        storeId: 'S2',
        paidFen: 12_800,
        discountFen: 1_000,
        status: 'partially_refunded',
        refundedFen: 2_000,
        pointsEarned: 128,
        createdAt: 1,
      },
      '徐家汇店',
    );
    expect(entry).toMatchObject({
      title: '徐家汇店消费 ¥128',
      detail: '优惠 ¥10，得 128 积分，部分退款 ¥20',
    });
  });

  it('a used coupon is two entries; an unused one, one', () => {
    const used = couponEntries({
      _id: 'c',
      title: '满100减20',
      issuedAt: 1,
      usedAt: 5,
      status: 'used',
    });
    expect(used.map((x) => [x.kind, x.at])).toEqual([
      ['couponIssued', 1],
      ['couponUsed', 5],
    ]);
    expect(
      couponEntries({ _id: 'c', title: 't', issuedAt: 1, usedAt: null, status: 'unused' }),
    ).toHaveLength(1);
  });

  it('a task with its outcome; a resolved ticket with its handling time and rating', () => {
    expect(
      taskEntry({
        _id: 't',
        title: '生日回访',
        dueAt: 0,
        state: 'done',
        createdAt: 0,
        outcome: { result: 'contacted', note: '下周到店' },
      }).detail,
    ).toBe('已联系，下周到店');
    expect(
      ticketEntry({
        _id: 'k',
        kind: 'complaint',
        title: '漏发赠品',
        state: 'resolved',
        openedAt: 0,
        handlingMs: 6 * 3_600_000,
        rating: { score: 5, comment: '很快' },
      }),
    ).toMatchObject({
      title: '投诉工单：漏发赠品',
      detail: '已解决（用时 6 小时），满意度 5 星「很快」',
    });
  });

  it('a card notice shows its title only (its text addresses the member by name)', () => {
    expect(noticeEntry({ id: 'n1', kind: 'automation', title: '好久不见', at: 1 })).toEqual({
      id: 'notice:n1',
      at: 1,
      kind: 'notice',
      title: '卡内通知：好久不见',
      detail: null,
    });
    expect(noticeEntry({ id: 'n2', kind: 'levelChanged', at: 2 }).title).toBe(
      '卡内通知：会员等级变更',
    );
  });
});
