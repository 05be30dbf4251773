/**
 * Date operators of aggregations as CloudBase answers them: MongoDB's, checked against the
 * real-service expectations in TencentCloudBase/node-sdk test/database/unit/aggregation.test.ts
 * (2019-05-14: dayOfWeek 3, week 19, isoWeek 20, isoDayOfWeek 2, isoWeekYear 2019, dayOfYear
 * 134) and command.test.ts (dateToString with timezone Asia/Shanghai, onNull).
 */
import { describe, expect, it } from '@jest/globals';
import { semanticsHarness } from './support/semantics';

const s = semanticsHarness();

async function project(
  dates: Record<string, Date>,
  fields: (key: string) => Record<string, unknown>,
) {
  const coll = s.fill(Object.entries(dates).map(([_id, date]) => ({ _id, date })));
  const res = (await coll.aggregate().sort({ _id: 1 }).project(fields('$date')).end()) as {
    list: Record<string, unknown>[];
  };
  return Object.fromEntries(res.list.map(({ _id, ...rest }) => [_id as string, rest]));
}

describe('$week', () => {
  it('counts Sunday-started weeks, days before the first Sunday in week 0 (mingo was one week on)', async () => {
    const $ = s.db().command.aggregate;
    const days = {
      a_2019_01_05: new Date('2019-01-05T12:00:00Z'), // Saturday before the first Sunday
      b_2019_01_06: new Date('2019-01-06T12:00:00Z'), // first Sunday
      c_2019_05_14: new Date('2019-05-14T12:00:00Z'), // the real-service test's date
      d_2019_12_31: new Date('2019-12-31T12:00:00Z'),
      e_2023_01_01: new Date('2023-01-01T12:00:00Z'), // 1 January on a Sunday
    };
    const out = await project(days, (d) => ({ week: $.week(d) }));
    expect(out).toEqual({
      a_2019_01_05: { week: 0 },
      b_2019_01_06: { week: 1 },
      c_2019_05_14: { week: 19 },
      d_2019_12_31: { week: 52 },
      e_2023_01_01: { week: 1 },
    });
  });

  it('honours a timezone: Sunday 04:00 in Shanghai is still Saturday in UTC', async () => {
    const $ = s.db().command.aggregate;
    const out = await project({ x: new Date('2019-05-18T20:00:00Z') }, (d) => ({
      utc: $.week(d),
      shanghai: $.week({ date: d, timezone: 'Asia/Shanghai' }),
      dow: $.dayOfWeek({ date: d, timezone: 'Asia/Shanghai' }),
    }));
    expect(out).toEqual({ x: { utc: 19, shanghai: 20, dow: 1 } });
  });
});

describe('the other date operators agree with CloudBase', () => {
  it('dayOfWeek, isoWeek, isoDayOfWeek, isoWeekYear, dayOfYear of 2019-05-14', async () => {
    const $ = s.db().command.aggregate;
    const out = await project({ x: new Date('2019-05-14T03:04:05.678Z') }, (d) => ({
      dayOfWeek: $.dayOfWeek(d),
      isoWeek: $.isoWeek(d),
      isoDayOfWeek: $.isoDayOfWeek(d),
      isoWeekYear: $.isoWeekYear(d),
      dayOfYear: $.dayOfYear(d),
      hourShanghai: $.hour({ date: d, timezone: 'Asia/Shanghai' }),
    }));
    expect(out).toEqual({
      x: {
        dayOfWeek: 3,
        isoWeek: 20,
        isoDayOfWeek: 2,
        isoWeekYear: 2019,
        dayOfYear: 134,
        hourShanghai: 11,
      },
    });
  });

  it('dateToString in Asia/Shanghai, onNull for a missing date, dateFromParts in a timezone', async () => {
    const $ = s.db().command.aggregate;
    const out = await project({ x: new Date('1999-12-10T16:00:00Z') }, (d) => ({
      day: $.dateToString({ date: d, format: '%Y-%m-%d', timezone: 'Asia/Shanghai' }),
      time: $.dateToString({ date: d, format: '%H:%M:%S', timezone: 'Asia/Shanghai' }),
      missing: $.dateToString({ date: '$empty', onNull: 'null' }),
      parts: $.dateFromParts({
        year: 2017,
        month: 2,
        day: 8,
        hour: 12,
        timezone: 'America/New_York',
      }),
    }));
    expect(out).toEqual({
      x: {
        day: '1999-12-11',
        time: '00:00:00',
        missing: 'null',
        parts: new Date('2017-02-08T17:00:00.000Z'),
      },
    });
  });
});
