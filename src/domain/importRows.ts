/**
 * Historical customers from a spreadsheet (HQ's 导入会员): the rows of the first sheet, as
 * the chain kept them in Excel, turned into members to create or existing members to merge.
 *
 * - Columns are found by their header, in Chinese with the usual variants (姓名 / 客户姓名,
 *   手机号 / 手机 / 联系电话, 累计消费（元）, 消费次数, 最近消费, 首次消费, 门店, 店员 / 导购);
 *   only the phone column is required. Spaces, brackets and a unit such as （元） are ignored.
 * - Phones go through domain/phone.ts (+86, spaces, full-width digits), so an imported member
 *   is found by the same number a signup later brings.
 * - Each rejected row says why, in Chinese; an empty row is skipped without a word.
 * - Amounts are yuan in the sheet, fen here (domain/money.ts).
 * - The history becomes member statistics (domain/memberStats.ts), so tags are right on day
 *   one: orders, total spend, first and last visit, the store visited. The month of the spend
 *   is known only for a single order (its date); more orders' spend counts in the total only.
 *
 * @example planImport([['姓名', '手机号'], ['张三', '139 1234 5678']], { stores: [], clerks: [], now }).accepted[0].phone // '13912345678'
 */
import { checkPhone } from './phone';
import { parseYuanToFen } from './money';
import {
  DAY_MS,
  SHANGHAI_OFFSET_MINUTES,
  parseShanghaiDate,
  shanghaiMonth,
  startOfShanghaiDay,
} from './calendar';
import { RECENT_ORDERS_KEPT, type MemberStats } from './memberStats';

/** A cell as the function reads it (a date cell handed over as 'YYYY-MM-DD', or Excel's serial day). */
export type SheetCell = string | number | boolean | null | undefined;

export type ImportStore = { id: string; name: string };
export type ImportClerk = { id: string; name: string; storeId: string | null };

export type ImportColumn =
  | 'name'
  | 'phone'
  | 'spend'
  | 'orders'
  | 'lastOrder'
  | 'firstOrder'
  | 'store'
  | 'clerk';

/** header names per column, compared after `headerKey` */
const HEADERS: Record<ImportColumn, string[]> = {
  name: ['姓名', '客户姓名', '会员姓名', '顾客姓名', '名字', '客户', '顾客', 'name'],
  phone: [
    '手机号',
    '手机',
    '手机号码',
    '电话',
    '联系电话',
    '电话号码',
    '联系方式',
    'phone',
    'mobile',
  ],
  spend: [
    '累计消费',
    '累计消费金额',
    '消费金额',
    '总消费',
    '消费总额',
    '累计金额',
    'spend',
    'amount',
  ],
  orders: ['消费次数', '购买次数', '到店次数', '次数', '订单数', '订单次数', 'orders'],
  lastOrder: ['最近消费', '最近消费时间', '最近消费日期', '最后消费', '最后消费时间', '上次消费'],
  firstOrder: ['首次消费', '首次消费时间', '首次消费日期', '第一次消费'],
  store: ['门店', '所属门店', '门店名称', '店铺', '开卡门店', 'store'],
  clerk: ['店员', '导购', '专属导购', '所属店员', '服务店员', '所属导购', 'clerk'],
};

/** What a header reads as: no spaces, no bracketed unit ('累计消费（元）' → '累计消费'). */
export function headerKey(text: string): string {
  return text
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s\u3000:：*]/g, '')
    .toLowerCase();
}

export type ImportRow = {
  /** the row number as the spreadsheet shows it (the header is row 1) */
  rowNo: number;
  phone: string;
  name: string | null;
  storeId: string | null;
  clerkId: string | null;
  spendFen: number;
  orderCount: number;
  firstOrderAt: number | null;
  lastOrderAt: number | null;
};

export type RejectedRow = { rowNo: number; reason: string; cells: string[] };

export type ImportPlan =
  | { ok: false; reason: string }
  | {
      ok: true;
      columns: Partial<Record<ImportColumn, number>>;
      accepted: ImportRow[];
      rejected: RejectedRow[];
    };

const text = (cell: SheetCell): string => {
  if (cell === null || cell === undefined) return '';
  return String(cell).trim();
};

/** Excel's serial day 25569 is 1970-01-01 (its day 0 is 1899-12-30). */
const EXCEL_UNIX_DAY = 25569;

/** A day as typed or stored: an Excel serial day, '2026-3-5', '2026/03/05', '2026年3月5日', '2026.3.5'. */
export function parseSheetDate(cell: SheetCell): number | null | 'invalid' {
  if (cell === null || cell === undefined || cell === '') return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 1) return 'invalid';
    // the serial day's UTC midnight, moved to the same date's Shanghai midnight
    return (Math.floor(cell) - EXCEL_UNIX_DAY) * DAY_MS - SHANGHAI_OFFSET_MINUTES * 60_000;
  }
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(
      String(cell).trim(),
    );
  if (!m) return 'invalid';
  try {
    return parseShanghaiDate(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`);
  } catch {
    return 'invalid';
  }
}

/** Find the header row (the first with a phone column, within the first 10 rows). */
function findHeader(rows: SheetCell[][]) {
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const columns: Partial<Record<ImportColumn, number>> = {};
    (rows[r] ?? []).forEach((cell, c) => {
      const key = headerKey(text(cell));
      if (!key) return;
      for (const [column, names] of Object.entries(HEADERS) as [ImportColumn, string[]][])
        if (columns[column] === undefined && names.includes(key)) columns[column] = c;
    });
    if (columns.phone !== undefined) return { headerRow: r, columns };
  }
  return null;
}

/**
 * The rows of a sheet checked and resolved: accepted rows (phone normalised, store and clerk
 * ids, amounts in fen, dates as Shanghai midnights) and rejected rows with the reason.
 * Rows are numbered as the spreadsheet shows them (1-based).
 */
export function planImport(
  rows: SheetCell[][],
  ctx: { stores: ImportStore[]; clerks: ImportClerk[]; now: number },
): ImportPlan {
  const header = findHeader(rows);
  if (!header)
    return { ok: false, reason: '找不到「手机号」列：第一行应为表头，如 姓名、手机号、累计消费' };
  const { headerRow, columns } = header;
  const cell = (row: SheetCell[], column: ImportColumn) =>
    columns[column] === undefined ? undefined : row[columns[column]!];
  const storesByKey = new Map<string, ImportStore>();
  for (const s of ctx.stores) {
    storesByKey.set(s.id, s);
    storesByKey.set(s.name.trim(), s);
  }
  const today = startOfShanghaiDay(ctx.now);
  const firstRowOfPhone = new Map<string, number>();
  const accepted: ImportRow[] = [];
  const rejected: RejectedRow[] = [];

  for (let r = headerRow + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const rowNo = r + 1;
    if (row.every((c) => text(c) === '')) continue;
    const reject = (reason: string) => rejected.push({ rowNo, reason, cells: row.map(text) });

    const rawPhone = text(cell(row, 'phone'));
    if (!rawPhone) {
      reject('缺少手机号');
      continue;
    }
    const phone = checkPhone(rawPhone);
    if (!phone.ok) {
      reject(`手机号「${rawPhone}」无效：${phone.message}`);
      continue;
    }
    const earlier = firstRowOfPhone.get(phone.phone);
    if (earlier !== undefined) {
      reject(`手机号与第 ${earlier} 行重复`);
      continue;
    }

    const spendText = text(cell(row, 'spend'));
    let spendFen = 0;
    if (spendText) {
      if (/^-/.test(spendText.replace(/^[¥￥]\s*/, ''))) {
        reject('累计消费不能为负数');
        continue;
      }
      const fen = parseYuanToFen(spendText);
      if (fen === null) {
        reject(`累计消费「${spendText}」不是有效金额`);
        continue;
      }
      spendFen = fen;
    }

    const ordersText = text(cell(row, 'orders'));
    let orderCount = spendFen > 0 ? 1 : 0;
    if (ordersText) {
      if (!/^\d+$/.test(ordersText)) {
        reject(`消费次数「${ordersText}」应为非负整数`);
        continue;
      }
      orderCount = Number(ordersText);
    }
    if (orderCount === 0 && spendFen > 0) {
      reject('有累计消费但消费次数为 0');
      continue;
    }

    const last = parseSheetDate(cell(row, 'lastOrder') as SheetCell);
    const first = parseSheetDate(cell(row, 'firstOrder') as SheetCell);
    if (last === 'invalid') {
      reject(`最近消费日期「${text(cell(row, 'lastOrder'))}」无法识别`);
      continue;
    }
    if (first === 'invalid') {
      reject(`首次消费日期「${text(cell(row, 'firstOrder'))}」无法识别`);
      continue;
    }
    if ((last ?? 0) > today || (first ?? 0) > today) {
      reject('消费日期晚于今天');
      continue;
    }
    if (first !== null && last !== null && first > last) {
      reject('首次消费晚于最近消费');
      continue;
    }

    const storeText = text(cell(row, 'store'));
    const store = storeText ? storesByKey.get(storeText) : undefined;
    if (storeText && !store) {
      reject(`未知门店「${storeText}」`);
      continue;
    }

    const clerkText = text(cell(row, 'clerk'));
    let clerkId: string | null = null;
    if (clerkText) {
      const named = ctx.clerks.filter(
        (c) =>
          (c.name.trim() === clerkText || c.id === clerkText) && (!store || c.storeId === store.id),
      );
      if (named.length === 0) {
        reject(store ? `店员「${clerkText}」不在「${store.name}」` : `未知店员「${clerkText}」`);
        continue;
      }
      if (named.length > 1) {
        reject(`店员「${clerkText}」有重名，请填写门店`);
        continue;
      }
      clerkId = named[0].id;
    }
    const storeId =
      store?.id ?? (clerkId ? (ctx.clerks.find((c) => c.id === clerkId)?.storeId ?? null) : null);

    firstRowOfPhone.set(phone.phone, rowNo);
    const name = text(cell(row, 'name')).slice(0, 20) || null;
    const hasOrders = orderCount > 0;
    accepted.push({
      rowNo,
      phone: phone.phone,
      name,
      storeId,
      clerkId,
      spendFen,
      orderCount,
      firstOrderAt: hasOrders ? (first ?? last) : null,
      lastOrderAt: hasOrders ? (last ?? first) : null,
    });
  }
  return { ok: true, columns, accepted, rejected };
}

/**
 * The statistics of a row's history, as a new member starts with them.
 * @example historyStats(row).orderCount // row.orderCount
 */
export function historyStats(row: ImportRow): MemberStats {
  const visited = row.storeId && row.orderCount > 0 ? [row.storeId] : [];
  const recent = [row.firstOrderAt, row.lastOrderAt].filter((t): t is number => t !== null);
  return {
    orderCount: row.orderCount,
    totalSpendFen: row.spendFen,
    spendByMonth:
      row.orderCount === 1 && row.lastOrderAt !== null && row.spendFen > 0
        ? { [shanghaiMonth(row.lastOrderAt)]: row.spendFen }
        : {},
    firstOrderAt: row.firstOrderAt,
    lastOrderAt: row.lastOrderAt,
    categorySpendFen: {},
    couponOrders: 0,
    storesVisited: visited,
    // the visits whose day is known (one order: one visit)
    recentOrderAts: [...new Set(recent)]
      .slice(0, Math.min(row.orderCount, 2))
      .sort((a, b) => a - b),
    refundedFen: 0,
  };
}

/**
 * An existing member's statistics with a row's history added (history from before the app:
 * counts and spend add up, first and last visit widen, the store joins those visited).
 */
export function mergeHistory(stats: MemberStats, row: ImportRow): MemberStats {
  const h = historyStats(row);
  const spendByMonth = { ...stats.spendByMonth };
  for (const [month, fen] of Object.entries(h.spendByMonth))
    spendByMonth[month] = (spendByMonth[month] ?? 0) + fen;
  const min = (a: number | null, b: number | null) =>
    a === null ? b : b === null ? a : Math.min(a, b);
  const max = (a: number | null, b: number | null) =>
    a === null ? b : b === null ? a : Math.max(a, b);
  return {
    ...stats,
    orderCount: stats.orderCount + h.orderCount,
    totalSpendFen: stats.totalSpendFen + h.totalSpendFen,
    spendByMonth,
    firstOrderAt: min(stats.firstOrderAt, h.firstOrderAt),
    lastOrderAt: max(stats.lastOrderAt, h.lastOrderAt),
    storesVisited: [...new Set([...h.storesVisited, ...stats.storesVisited])],
    recentOrderAts: [...new Set([...stats.recentOrderAts, ...h.recentOrderAts])]
      .sort((a, b) => a - b)
      .slice(-RECENT_ORDERS_KEPT),
  };
}

export type ImportDecision<M> =
  | { kind: 'create'; row: ImportRow }
  | { kind: 'merge'; row: ImportRow; member: M };

/** Create, or merge into the existing member of the phone. */
export function decideImport<M>(
  rows: ImportRow[],
  existingByPhone: ReadonlyMap<string, M>,
): ImportDecision<M>[] {
  return rows.map((row) => {
    const member = existingByPhone.get(row.phone);
    return member === undefined ? { kind: 'create', row } : { kind: 'merge', row, member };
  });
}
