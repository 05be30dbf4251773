import { expect, it } from '@jest/globals';
import { shanghaiTime } from '../calendar';
import { pointsReason, subscribeMessageOf } from './messageData';

const now = shanghaiTime(2027, 6, 10, 9, 5);
const at = shanghaiTime(2027, 6, 9, 22, 30);
const msg = { title: '积分变动', body: '您的积分有变动，点击查看明细' };

it.each([
  ['南京西路店消费', 120, '南京西路店消费 +120'],
  ['积分过期', -35, '积分过期 -35'],
  ['兑换满200减30元超值优惠券一张（限南京西路店）', -1500, '兑换满200减30元超值优… -1500'],
  ['', 10, '积分变动 +10'],
])('pointsReason(%s, %d) → %s', (reason, delta, out) => {
  expect(pointsReason(reason, delta)).toBe(out);
  expect(Array.from(pointsReason(reason, delta)).length).toBeLessThanOrEqual(20);
});

it.each([
  [
    'pointsChanged',
    { kind: 'points', delta: 120, balance: 560, reason: '南京西路店消费', at },
    {
      page: 'pages/points/index',
      data: { number1: 560, thing2: '南京西路店消费 +120', date3: '2027-06-09' },
    },
  ],
  [
    'couponExpiring',
    { kind: 'coupon', title: '满100减10元券', validUntil: shanghaiTime(2027, 6, 13, 23, 59) },
    {
      page: 'pages/wallet/index',
      data: {
        thing1: '满100减10元券',
        date2: '2027-06-13',
        thing3: '您的积分有变动，点击查看明细',
      },
    },
  ],
  [
    'offer',
    null,
    {
      page: 'pages/card/index',
      data: { thing1: '积分变动', thing2: '您的积分有变动，点击查看明细', date3: '2027-06-10' },
    },
  ],
  ['pointsChanged', null, null],
  ['couponExpiring', { kind: 'points', delta: 1, balance: 1, reason: 'x', at }, null],
] as const)('%s with %j', (purpose, facts, out) => {
  expect(subscribeMessageOf(purpose, msg, facts, now)).toEqual(out);
});
