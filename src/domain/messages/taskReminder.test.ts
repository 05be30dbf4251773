import { describe, expect, it } from '@jest/globals';
import { endOfShanghaiDay, shanghaiTime } from '../calendar';
import { planTaskReminder } from './taskReminder';

const NOW = shanghaiTime(2026, 12, 1, 5, 10);
const base = {
  customerName: '张女士',
  subject: '准备生日礼包并致电',
  storeName: '徐家汇店',
  now: NOW,
};

describe('planTaskReminder', () => {
  it.each([
    [
      'due in 3 days',
      endOfShanghaiDay(shanghaiTime(2026, 12, 4)),
      '，请在12月4日前完成',
      '2026-12-04 23:59',
    ],
    ['due today', endOfShanghaiDay(NOW), '，请今日完成', '2026-12-01 23:59'],
    ['no task', null, '', '2026-12-01 05:10'],
  ])('%s', (_name, dueAt, when, time) => {
    expect(planTaskReminder({ ...base, dueAt })).toEqual({
      title: '客户跟进任务',
      body: `您的客户张女士：准备生日礼包并致电${when}。`,
      fields: { customer: '张女士', subject: '准备生日礼包并致电', store: '徐家汇店', time },
    });
  });

  it('names the customer as given (masked for someone else’s customer)', () => {
    expect(planTaskReminder({ ...base, customerName: '张*', dueAt: null }).body).toBe(
      '您的客户张*：准备生日礼包并致电。',
    );
  });
});
