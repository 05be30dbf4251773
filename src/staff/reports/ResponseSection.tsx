/**
 * 经营报表's campaign and automation section: for the runs started in the period, each
 * campaign's and automation's response rate against its holdout (domain/reports/responses.ts)
 * as a chart and a table, with the lift the period before for comparison.
 */
import { Text, View } from '@tarojs/components';
import type { ReportView, ResponseRow } from '@/contracts/reports';
import { AUTOMATION_ATTRIBUTION_DAYS } from '@/domain/reports/responses';
import { F2Chart } from './F2Chart';
import { fen } from './text';

const rate = (r: number) => `${r.toFixed(1)}%`;
const points = (p: number | null) =>
  p === null ? '无对照组' : `${p >= 0 ? '+' : '−'}${Math.abs(p).toFixed(1)} 个百分点`;
const kindName = (r: ResponseRow) => (r.kind === 'campaign' ? '活动' : '自动化');

export function ResponseSection({ responses }: { responses: ReportView['responses'] }) {
  const { current, previous } = responses;
  const prevLift = new Map(previous.map((r) => [r.key, r.liftPoints]));
  const open = current.some((r) => r.open);
  return (
    <>
      <View className="section-title">
        <Text>活动与自动化效果</Text>
        <Text className="muted">本期开始的触达，对照组不发券不发消息</Text>
      </View>
      {current.length === 0 ? (
        <Text className="reports__empty muted" data-testid="responses-empty">
          这段时间没有活动或自动化触达
        </Text>
      ) : (
        <>
          <F2Chart
            id="chart-responses"
            spec={{
              kind: 'bar',
              x: 'name',
              y: 'percent',
              color: 'group',
              data: current.flatMap((r) => [
                { name: r.name, percent: r.treated.rate, group: '触达组' },
                { name: r.name, percent: r.holdout.rate, group: '对照组' },
              ]),
            }}
          />
          <View className="report-table" data-testid="responses-table">
            <View className="report-table__row report-table__row--head">
              <Text>名称</Text>
              <Text>触达 / 对照</Text>
              <Text>响应率</Text>
              <Text>对照组</Text>
              <Text>提升</Text>
              <Text>增量销售额</Text>
            </View>
            {current.map((r) => (
              <View key={r.key} className="report-table__row" data-testid={`response-${r.key}`}>
                <Text>
                  {r.name}
                  <Text className="muted"> · {kindName(r)}</Text>
                </Text>
                <Text className="num">
                  {r.treated.members} / {r.holdout.members}
                </Text>
                <Text className="num">{rate(r.treated.rate)}</Text>
                <Text className="num muted">
                  {r.holdout.members > 0 ? rate(r.holdout.rate) : '—'}
                </Text>
                <Text className="num">
                  {points(r.liftPoints)}
                  {prevLift.has(r.key) ? (
                    <Text className="muted">（上期 {points(prevLift.get(r.key) ?? null)}）</Text>
                  ) : null}
                </Text>
                <Text className="num">{fen(r.incrementalRevenueFen)}</Text>
              </View>
            ))}
          </View>
          <Text className="reports__empty muted">
            响应：触达后在归因期内下单（活动按其设定的天数，自动化 {AUTOMATION_ATTRIBUTION_DAYS}{' '}
            天；退款已扣除）。提升 = 触达组响应率 −
            对照组响应率，即活动或自动化带来的部分；增量销售额 = 触达组销售额 − 对照组人均销售额 ×
            触达人数。
            {open ? '部分触达还在归因期内，数字每晚更新。' : ''}
          </Text>
        </>
      )}
    </>
  );
}
