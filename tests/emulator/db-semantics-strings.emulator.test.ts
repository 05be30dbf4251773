/**
 * String operators of aggregations as CloudBase answers them (expected values of the
 * real-service tests in TencentCloudBase/node-sdk test/database/unit/command.test.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { semanticsHarness } from './support/semantics';

const s = semanticsHarness();

async function project(fields: Record<string, unknown>) {
  const coll = s.fill([
    { _id: 'x', birthday: '1999/12/12', first: 'Yuanxin', last: 'Dong', nick: '心谭' },
  ]);
  const res = (await coll
    .aggregate()
    .project({ _id: 0, ...fields })
    .end()) as {
    list: Record<string, unknown>[];
  };
  return res.list[0];
}

describe('substr', () => {
  it('a negative length means the rest of the string (mingo threw)', async () => {
    const $ = s.db().command.aggregate;
    expect(
      await project({
        year: $.substr(['$birthday', 0, 4]),
        day: $.substr(['$birthday', 8, -1]),
        dayBytes: $.substrBytes(['$birthday', 8, -1]),
      }),
    ).toEqual({ year: '1999', day: '12', dayBytes: '12' });
  });
});

describe('the other string operators agree with CloudBase', () => {
  it('strcasecmp, split, strLenBytes / strLenCP and substrCP on CJK text, indexOfBytes', async () => {
    const $ = s.db().command.aggregate;
    expect(
      await project({
        cmp: $.strcasecmp(['$first', '$last']),
        parts: $.split(['$birthday', '/']),
        bytes: $.strLenBytes('$nick'),
        points: $.strLenCP('$nick'),
        firstCh: $.substrCP(['$nick', 0, 1]),
        at: $.indexOfBytes(['$first', 'a']),
      }),
    ).toEqual({ cmp: 1, parts: ['1999', '12', '12'], bytes: 6, points: 2, firstCh: '心', at: 2 });
  });
});
