import { describe, expect, it } from '@jest/globals';
import { shanghaiTime } from './calendar';
import { emptyStats } from './memberStats';
import {
  decideImport,
  headerKey,
  historyStats,
  mergeHistory,
  parseSheetDate,
  planImport,
  type SheetCell,
} from './importRows';

const NOW = shanghaiTime(2026, 12, 2, 10, 0);
const stores = [
  { id: 'S1', name: '徐汇店' },
  { id: 'S2', name: '静安店' },
];
const clerks = [
  { id: 'C1', name: '李娜', storeId: 'S1' },
  { id: 'C2', name: '王芳', storeId: 'S2' },
  { id: 'C3', name: '王芳', storeId: 'S1' },
];
const ctx = { stores, clerks, now: NOW };
const HEADER = ['姓名', '手机号', '累计消费（元）', '消费次数', '最近消费', '门店', '店员'];
const plan = (...rows: SheetCell[][]) => {
  const p = planImport([HEADER, ...rows], ctx);
  if (!p.ok) throw new Error(p.reason);
  return p;
};

describe('headerKey and columns', () => {
  it.each([
    ['累计消费（元）', '累计消费'],
    [' 手机 号 ', '手机号'],
    ['Phone', 'phone'],
    ['消费次数(次)', '消费次数'],
  ])('%s reads as %s', (raw, key) => expect(headerKey(raw)).toBe(key));

  it('finds variant headers, in any order, below a title row', () => {
    const p = planImport(
      [
        ['2025 年会员名单'],
        ['联系电话', '客户姓名', '导购', '所属门店', '消费金额'],
        ['13912345678', '张三', '李娜', '徐汇店', '86.5'],
      ],
      ctx,
    );
    expect(p.ok && p.accepted).toEqual([
      expect.objectContaining({
        rowNo: 3,
        phone: '13912345678',
        name: '张三',
        clerkId: 'C1',
        storeId: 'S1',
        spendFen: 8650,
        orderCount: 1,
      }),
    ]);
  });

  it('refuses a sheet without a phone column', () => {
    expect(
      planImport(
        [
          ['姓名', '金额'],
          ['张三', '1'],
        ],
        ctx,
      ),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('找不到「手机号」列'),
    });
  });
});

describe('planImport rows', () => {
  it('normalises phones, converts yuan to fen and dates to Shanghai midnight', () => {
    const p = plan(
      ['张三', '+86 139-1234-5678', '¥1,234.50', 7, '2026/11/03', '徐汇店', '李娜'],
      ['李四', '１３８ ００００ １１１１', 0, '', '', '', ''],
      ['王五', 13700001111, 99, 2, '2026-10-01', 'S2', '王芳'],
    );
    expect(p.rejected).toEqual([]);
    expect(p.accepted).toEqual([
      {
        rowNo: 2,
        phone: '13912345678',
        name: '张三',
        storeId: 'S1',
        clerkId: 'C1',
        spendFen: 123450,
        orderCount: 7,
        firstOrderAt: shanghaiTime(2026, 11, 3),
        lastOrderAt: shanghaiTime(2026, 11, 3),
      },
      {
        rowNo: 3,
        phone: '13800001111',
        name: '李四',
        storeId: null,
        clerkId: null,
        spendFen: 0,
        orderCount: 0,
        firstOrderAt: null,
        lastOrderAt: null,
      },
      {
        rowNo: 4,
        phone: '13700001111',
        name: '王五',
        storeId: 'S2',
        clerkId: 'C2',
        spendFen: 9900,
        orderCount: 2,
        firstOrderAt: shanghaiTime(2026, 10, 1),
        lastOrderAt: shanghaiTime(2026, 10, 1),
      },
    ]);
  });

  it.each<[string, SheetCell[], string]>([
    ['an empty phone', ['张三', '', 1], '缺少手机号'],
    ['a short phone', ['张三', '1391234', 1], '手机号「1391234」无效：手机号应为 11 位数字'],
    [
      'a landline',
      ['张三', '021-64381234', 1],
      '手机号「021-64381234」无效：请输入正确的手机号（1 开头的 11 位数字）',
    ],
    ['a negative amount', ['张三', '13912345678', '-20'], '累计消费不能为负数'],
    ['a text amount', ['张三', '13912345678', '很多'], '累计消费「很多」不是有效金额'],
    ['a fractional count', ['张三', '13912345678', '10', '1.5'], '消费次数「1.5」应为非负整数'],
    ['spend without orders', ['张三', '13912345678', '10', '0'], '有累计消费但消费次数为 0'],
    ['a bad date', ['张三', '13912345678', '10', 1, '上个月'], '最近消费日期「上个月」无法识别'],
    [
      'an impossible date',
      ['张三', '13912345678', '10', 1, '2026-02-30'],
      '最近消费日期「2026-02-30」无法识别',
    ],
    ['a future date', ['张三', '13912345678', '10', 1, '2027-01-01'], '消费日期晚于今天'],
    ['an unknown store', ['张三', '13912345678', '10', 1, '', '浦东店'], '未知门店「浦东店」'],
    [
      'a clerk of another store',
      ['张三', '13912345678', '10', 1, '', '静安店', '李娜'],
      '店员「李娜」不在「静安店」',
    ],
    ['an unknown clerk', ['张三', '13912345678', '10', 1, '', '', '赵六'], '未知店员「赵六」'],
    [
      'an ambiguous clerk',
      ['张三', '13912345678', '10', 1, '', '', '王芳'],
      '店员「王芳」有重名，请填写门店',
    ],
  ])('rejects %s', (_what, row, reason) => {
    const p = plan(row);
    expect(p.accepted).toEqual([]);
    expect(p.rejected).toEqual([{ rowNo: 2, reason, cells: expect.any(Array) }]);
  });

  it('rejects a phone seen earlier in the file (after normalising) and skips empty rows', () => {
    const p = plan(
      ['张三', '13912345678', 10],
      [null, '', undefined],
      ['张三丰', '139 1234 5678', 20],
    );
    expect(p.accepted.map((r) => r.rowNo)).toEqual([2]);
    expect(p.rejected).toEqual([
      { rowNo: 4, reason: '手机号与第 2 行重复', cells: ['张三丰', '139 1234 5678', '20'] },
    ]);
  });

  it('takes the store of the clerk when no store is given', () => {
    expect(plan(['张三', '13912345678', 10, 1, '', '', '李娜']).accepted[0].storeId).toBe('S1');
  });
});

describe('parseSheetDate', () => {
  it.each<[SheetCell, number | null | 'invalid']>([
    ['2026-3-5', shanghaiTime(2026, 3, 5)],
    ['2026年3月5日', shanghaiTime(2026, 3, 5)],
    ['2026.03.05 14:30', shanghaiTime(2026, 3, 5)],
    [46086, shanghaiTime(2026, 3, 5)], // Excel's serial day
    ['', null],
    ['3/5', 'invalid'],
  ])('%p → %p', (cell, at) => expect(parseSheetDate(cell)).toBe(at));
});

describe('history as statistics', () => {
  const [row] = plan(['张三', '13912345678', '300', 1, '2026-11-03', '徐汇店']).accepted;

  it('a new member starts with the history: one order, its month, its store', () => {
    expect(historyStats(row)).toEqual({
      ...emptyStats(),
      orderCount: 1,
      totalSpendFen: 30000,
      spendByMonth: { '2026-11': 30000 },
      firstOrderAt: shanghaiTime(2026, 11, 3),
      lastOrderAt: shanghaiTime(2026, 11, 3),
      storesVisited: ['S1'],
      recentOrderAts: [shanghaiTime(2026, 11, 3)],
    });
  });

  it('many orders: the total counts, the months are unknown', () => {
    const [many] = plan(['张三', '13912345678', '3000', 12, '2026-11-03']).accepted;
    expect(historyStats(many)).toMatchObject({
      orderCount: 12,
      totalSpendFen: 300000,
      spendByMonth: {},
    });
  });

  it('merges into an existing member: counts add, visits widen', () => {
    const at = shanghaiTime(2026, 11, 20, 15, 0);
    const stats = {
      ...emptyStats(),
      orderCount: 2,
      totalSpendFen: 5000,
      spendByMonth: { '2026-11': 5000 },
      firstOrderAt: at,
      lastOrderAt: at,
      storesVisited: ['S2'],
      recentOrderAts: [at - 1000, at],
    };
    expect(mergeHistory(stats, row)).toEqual({
      ...stats,
      orderCount: 3,
      totalSpendFen: 35000,
      spendByMonth: { '2026-11': 35000 },
      firstOrderAt: shanghaiTime(2026, 11, 3),
      lastOrderAt: at,
      storesVisited: ['S1', 'S2'],
      recentOrderAts: [shanghaiTime(2026, 11, 3), at - 1000, at],
    });
  });

  it('decides create or merge by phone', () => {
    const p = plan(['张三', '13912345678', 1], ['李四', '13800001111', 1]);
    const decisions = decideImport(p.accepted, new Map([['13800001111', { _id: 'M1' }]]));
    expect(
      decisions.map((d) => [d.kind, d.row.phone, d.kind === 'merge' ? d.member._id : null]),
    ).toEqual([
      ['create', '13912345678', null],
      ['merge', '13800001111', 'M1'],
    ]);
  });
});
