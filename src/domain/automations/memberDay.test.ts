import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from '../calendar';
import { memberDayOccurrence } from './memberDay';

const on18 = { kind: 'memberDay', dayOfMonth: 18, daysBefore: 1 } as const;

describe('memberDayOccurrence', () => {
  it.each([
    ['the preview day, 00:00', on18, shanghaiTime(2027, 6, 17), '2027-06'],
    ['the preview day, 20:59', on18, shanghaiTime(2027, 6, 17, 20, 59), '2027-06'],
    ['the member day itself (the preview is past)', on18, shanghaiTime(2027, 6, 18, 9), null],
    ['two days before', on18, shanghaiTime(2027, 6, 16, 12), null],
    [
      'the 1st, previewed on the last day of the month before',
      { kind: 'memberDay', dayOfMonth: 1, daysBefore: 1 } as const,
      shanghaiTime(2027, 12, 31, 10),
      '2028-01',
    ],
    [
      '3 days before: the second day catches up',
      { kind: 'memberDay', dayOfMonth: 18, daysBefore: 3 } as const,
      shanghaiTime(2027, 6, 16, 10),
      '2027-06',
    ],
    [
      'daysBefore 0: during the member day',
      { kind: 'memberDay', dayOfMonth: 18, daysBefore: 0 } as const,
      shanghaiTime(2027, 6, 18, 23, 59),
      '2027-06',
    ],
  ])('%s → %s', (_label, trigger, now, id) => {
    expect(memberDayOccurrence(trigger, now)?.id ?? null).toBe(id);
  });

  it('the occurrence is the member day’s midnight, given until it begins', () => {
    expect(memberDayOccurrence(on18, shanghaiTime(2027, 6, 17, 9))).toEqual({
      id: '2027-06',
      at: shanghaiTime(2027, 6, 18),
      until: shanghaiTime(2027, 6, 18) - 1,
    });
  });

  it('another trigger has none', () => {
    expect(memberDayOccurrence({ kind: 'pointsChanged' }, shanghaiTime(2027, 6, 17))).toBeNull();
  });
});
