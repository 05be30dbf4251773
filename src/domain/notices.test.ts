import { describe, expect, it } from '@jest/globals';
import { visibleNotices, type StoredNotice } from './notices';

const notice = (id: string, at: number, over: Partial<StoredNotice> = {}): StoredNotice => ({
  id,
  kind: 'automation',
  title: '好久不见',
  text: '送您一张优惠券',
  at,
  ...over,
});

describe('visibleNotices', () => {
  it('newest first, only those whose time has come, unread after the last read', () => {
    const list = [
      notice('a', 100),
      notice('b', 300),
      notice('later', 900), // written at night, shown from 09:00
      notice('lvl', 200, {
        kind: 'levelChanged',
        title: undefined,
        text: '恭喜您升级为银卡会员！',
      }),
    ];
    expect(visibleNotices(list, 150, 500)).toEqual([
      { id: 'b', title: '好久不见', text: '送您一张优惠券', at: 300, unread: true },
      { id: 'lvl', title: '会员等级变更', text: '恭喜您升级为银卡会员！', at: 200, unread: true },
      { id: 'a', title: '好久不见', text: '送您一张优惠券', at: 100, unread: false },
    ]);
  });
  it('read exactly at a notice’s time: read; none stored: none', () => {
    expect(visibleNotices([notice('a', 100)], 100, 500)[0].unread).toBe(false);
    expect(visibleNotices(undefined, 0, 500)).toEqual([]);
  });
  it('at most five', () => {
    const many = Array.from({ length: 8 }, (_, i) => notice(`n${i}`, i));
    expect(visibleNotices(many, 0, 100).map((n) => n.id)).toEqual(['n7', 'n6', 'n5', 'n4', 'n3']);
  });
});
