import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from '../calendar';
import { planCrossStoreReminder, templateTime, type PreviousClerk } from './crossStoreReminder';

const AT = shanghaiTime(2026, 11, 18, 10, 5);
const order = { _id: 'S001.R1', storeId: 'S001', createdAt: AT, previousClerkId: 'C0021' };
const clerk: PreviousClerk = { _id: 'C0021', role: 'clerk', storeId: 'S002', active: true };
const base = {
  order,
  previousClerk: clerk,
  customerName: '张女士',
  storeName: '南京西路店',
  now: AT,
};

describe('planCrossStoreReminder', () => {
  it('tells the previous clerk of another store, with the seed’s text', () => {
    expect(planCrossStoreReminder(base)).toEqual({
      kind: 'remind',
      staffId: 'C0021',
      title: '老顾客跨店购买',
      body: '您曾服务的客户张女士今日在南京西路店完成购买，请酌情跟进回访。',
      fields: {
        customer: '张女士',
        subject: '跨店购买，请跟进回访',
        store: '南京西路店',
        time: '2026-11-18 10:05',
      },
    });
  });

  it('names the date instead of 今日 when sent on a later Shanghai day', () => {
    const late = planCrossStoreReminder({ ...base, now: shanghaiTime(2026, 11, 19, 0, 1) });
    expect(late.kind === 'remind' && late.body).toBe(
      '您曾服务的客户张女士于11月18日在南京西路店完成购买，请酌情跟进回访。',
    );
  });

  it('still says 今日 at 23:59 Shanghai of the order’s day', () => {
    const night = planCrossStoreReminder({ ...base, now: shanghaiTime(2026, 11, 18, 23, 59) });
    expect(night.kind === 'remind' && night.body).toContain('今日');
  });

  it.each([
    ['no previous clerk', { order: { ...order, previousClerkId: null } }, 'noPreviousClerk'],
    [
      'previous clerk field absent',
      { order: { ...order, previousClerkId: undefined } },
      'noPreviousClerk',
    ],
    [
      'the clerk is of the same store',
      { previousClerk: { ...clerk, storeId: 'S001' } },
      'sameStore',
    ],
    ['the clerk left (deactivated)', { previousClerk: { ...clerk, active: false } }, 'clerkGone'],
    ['the clerk record is gone', { previousClerk: null }, 'clerkGone'],
    ['another staff record', { previousClerk: { ...clerk, _id: 'C9' } }, 'clerkGone'],
  ])('no reminder: %s', (_name, over, reason) => {
    expect(planCrossStoreReminder({ ...base, ...over })).toEqual({ kind: 'none', reason });
  });
});

describe('templateTime', () => {
  it('is Shanghai wall time, whatever the machine’s zone', () => {
    expect(templateTime(Date.UTC(2026, 10, 17, 16, 0))).toBe('2026-11-18 00:00');
  });
});
