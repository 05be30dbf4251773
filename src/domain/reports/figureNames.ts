/**
 * What 经营报表 calls each figure — one list for the page's 指标对比 (src/staff/reports/
 * figureRows.ts) and the export's sheet (sheet.ts), so the two never name a figure apart.
 * The export adds the unit of its plain numbers (`withUnit`).
 *
 * @example withUnit(FIGURE_NAMES.ltv, '元') // 'LTV（人均累计消费，元）'
 */
export const FIGURE_NAMES = {
  revenue: '销售额',
  orders: '订单数',
  aov: '客单价',
  repeat: '复购率',
  buyers: '消费会员',
  activity: '人均消费次数',
  new: '新会员',
  conversion: '新会员首单转化',
  capture: '会员订单占比',
  repeatFen: '复购金额（业绩）',
  tasksDue: '回访到期',
  tasksDone: '回访完成',
  followUps: '回访完成率',
  resolvedTickets: '已解决投诉/售后',
  handling: '投诉平均处理时长',
  members: '会员总数（期末）',
  memberBuyers: '有消费会员（期末）',
  ltv: 'LTV（人均累计消费）',
  tagCompleteness: '标签完整度',
} as const;

export type FigureId = keyof typeof FIGURE_NAMES;

/** The name with its unit: inside its parenthesis when it has one. */
export function withUnit(name: string, unit: string): string {
  return name.endsWith('）') ? `${name.slice(0, -1)}，${unit}）` : `${name}（${unit}）`;
}
