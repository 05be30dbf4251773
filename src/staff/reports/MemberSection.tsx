/**
 * 经营报表's member section: tag coverage per family at each period's end (the nightly member
 * snapshot, domain/reports/members.ts) as a chart and a table.
 */
import { Text, View } from '@tarojs/components';
import type { ReportView } from '@/contracts/reports';
import { F2Chart } from './F2Chart';
import { pct } from './text';

const percent = (share: number | null) => (share === null ? 0 : Math.round(share * 1000) / 10);

export function MemberSection({ members }: { members: ReportView['members'] }) {
  const { current, previous } = members;
  const prevShare = (key: string) => previous.coverage.find((c) => c.key === key)?.share ?? null;
  return (
    <>
      <View className="section-title">
        <Text>标签覆盖</Text>
        <Text className="muted">
          {current.asOf ? `截至 ${current.asOf}，会员中有该标签的占比` : ''}
        </Text>
      </View>
      {current.coverage.length === 0 ? (
        <Text className="reports__empty muted" data-testid="coverage-empty">
          还没有会员统计（每晚 2 点统计一次）
        </Text>
      ) : (
        <>
          <F2Chart
            id="chart-coverage"
            spec={{
              kind: 'bar',
              x: 'tag',
              y: 'percent',
              color: 'period',
              data: [
                ...current.coverage.map((c) => ({
                  tag: c.name,
                  percent: percent(c.share),
                  period: '本期末',
                })),
                ...current.coverage.map((c) => ({
                  tag: c.name,
                  percent: percent(prevShare(c.key)),
                  period: '上期末',
                })),
              ],
            }}
          />
          <View className="report-table" data-testid="coverage-table">
            <View className="report-table__row report-table__row--head">
              <Text>标签</Text>
              <Text>会员数</Text>
              <Text>本期末</Text>
              <Text>上期末</Text>
            </View>
            {current.coverage.map((c) => (
              <View key={c.key} className="report-table__row" data-testid={`coverage-${c.key}`}>
                <Text>{c.name}</Text>
                <Text className="num">{c.members}</Text>
                <Text className="num">{pct(c.share)}</Text>
                <Text className="num muted">{pct(prevShare(c.key))}</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </>
  );
}
