/**
 * 经营报表 (`staff.getReport`): the chain, an area (HQ) or a store for the last 7 / 30 / 90 days ending
 * yesterday, against the period before — figures at a glance, charts (AntV F2, reports/F2Chart)
 * and every number as a table. Read from the daily rollups only. Definitions: docs/hq.md.
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import type { ReportView } from '@/contracts/reports';
import type { ReportDays } from '@/domain/reports/period';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { StaffGate } from '../../StaffGate';
import { F2Chart } from '../../reports/F2Chart';
import { ExportReportButton, type ReportInput } from '../../reports/ExportReportButton';
import { MemberSection } from '../../reports/MemberSection';
import { ResponseSection } from '../../reports/ResponseSection';
import { figureRows } from '../../reports/figureRows';
import { fen } from '../../reports/text';
import './index.less';

const DAYS: ReportDays[] = [7, 30, 90];
const CHAIN = 'chain';
const AREA = 'area:';

export default function ReportsPage() {
  return <StaffGate roles={['manager', 'hq']}>{(staff) => <Reports staff={staff} />}</StaffGate>;
}

function Reports({ staff }: { staff: StaffView }) {
  const isHq = staff.role === 'hq';
  const stores = useCall(() => callFunction('staff', { action: 'listStores' }), [], {
    enabled: isHq,
  });
  const [scope, setScope] = useState<string>(isHq ? CHAIN : (staff.storeId ?? ''));
  const [days, setDays] = useState<ReportDays>(30);
  const input: ReportInput =
    scope === CHAIN
      ? { scope: 'chain', days }
      : scope.startsWith(AREA)
        ? { scope: 'area', area: scope.slice(AREA.length), days }
        : { scope: 'store', storeId: scope || undefined, days };
  const storeList = stores.data?.stores ?? [];
  const areas = [...new Set(storeList.flatMap((s) => (s.area ? [s.area] : [])))].sort((a, b) =>
    a.localeCompare(b, 'zh'),
  );
  const scopes = [
    { id: CHAIN, name: '全部门店' },
    ...areas.map((a, i) => ({ id: `${AREA}${a}`, key: `area-${i}`, name: a })),
    ...storeList.map((s) => ({ id: s.id, name: s.name })),
  ];
  const report = useCall(
    () => callFunction('staff', { action: 'getReport', ...input }),
    [scope, days],
  );
  const view = report.data;
  return (
    <View className="page staff reports" data-testid="reports">
      <View className="reports__head">
        <Text className="reports__title">{view?.title ?? ''}</Text>
        <Text className="reports__period muted">
          {view ? `${view.current.label}（对比 ${view.previous.label}）` : ''}
        </Text>
      </View>
      {isHq ? (
        <View className="chips reports__scopes" data-testid="scope-picker">
          {scopes.map((s) => (
            <View
              key={s.id}
              id={`scope-${'key' in s ? s.key : s.id}`}
              className={`chip${scope === s.id ? ' chip--on' : ''}`}
              onClick={() => setScope(s.id)}
            >
              <Text>{s.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className="reports__days">
        {DAYS.map((d) => (
          <View
            key={d}
            id={`days-${d}`}
            className={`reports__day${days === d ? ' reports__day--on' : ''}`}
            onClick={() => setDays(d)}
          >
            近{d}天
          </View>
        ))}
        <ExportReportButton input={input} disabled={!view} />
      </View>
      {report.error ? (
        <ErrorView message={report.error.message} onRetry={report.reload} />
      ) : !view || report.loading ? (
        <LoadingView text="正在统计…" />
      ) : (
        <ReportBody view={view} />
      )}
    </View>
  );
}

const shortDate = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8))}`;
const yuan = (f: number) => Math.round(f) / 100;

function ReportBody({ view }: { view: ReportView }) {
  const c = view.figures.current;
  const rows = figureRows(
    c,
    view.figures.previous,
    view.service.current,
    view.service.previous,
    view.members.current,
    view.members.previous,
  );
  const [areaIndex, setAreaIndex] = useState(0);
  useEffect(() => setAreaIndex(0), [view]);
  const area = view.areas[areaIndex] ?? null;
  return (
    <>
      <View className="reports__glance" data-testid="glance">
        {rows.slice(0, 4).map((r) => (
          <View key={r.id} className={`figure figure--${r.id}`}>
            <Text className="figure__label">{r.label}</Text>
            <Text className="figure__value num">{r.cur}</Text>
            <Text className="figure__sub">
              上期 {r.prev} {r.delta}
            </Text>
          </View>
        ))}
      </View>
      <View className="section-title">
        <Text>指标对比</Text>
      </View>
      <View className="report-table" data-testid="figures-table">
        <View className="report-table__row report-table__row--head">
          <Text>指标</Text>
          <Text>本期</Text>
          <Text>上期</Text>
          <Text>变化</Text>
        </View>
        {rows.map((r) => (
          <View key={r.id} className="report-table__row" data-testid={`row-${r.id}`}>
            <Text>{r.label}</Text>
            <Text className="num">{r.cur}</Text>
            <Text className="num muted">{r.prev}</Text>
            <Text className="num">{r.delta}</Text>
          </View>
        ))}
      </View>

      <View className="section-title">
        <Text>每日销售额</Text>
        <Text className="muted">元</Text>
      </View>
      <F2Chart
        id="chart-daily"
        spec={{
          kind: 'line',
          x: 'date',
          y: 'yuan',
          data: view.series.current.map((p) => ({
            date: shortDate(p.date),
            yuan: yuan(p.revenueFen),
          })),
        }}
      />
      <View className="report-table report-table--scroll" data-testid="daily-table">
        <View className="report-table__row report-table__row--head">
          <Text>日期</Text>
          <Text>订单</Text>
          <Text>销售额</Text>
        </View>
        {view.series.current.map((p) => (
          <View key={p.date} className="report-table__row">
            <Text>{p.date}</Text>
            <Text className="num">{p.orders}</Text>
            <Text className="num">{fen(p.revenueFen)}</Text>
          </View>
        ))}
      </View>

      <View className="section-title">
        <Text>品类销售（按区域）</Text>
      </View>
      {view.areas.length > 1 ? (
        <View className="chips">
          {view.areas.map((a, i) => (
            <View
              key={a.area}
              id={`area-${i}`}
              className={`chip${i === areaIndex ? ' chip--on' : ''}`}
              onClick={() => setAreaIndex(i)}
            >
              <Text>{a.area}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {area ? (
        <>
          <F2Chart
            id="chart-categories"
            spec={{
              kind: 'bar',
              x: 'category',
              y: 'yuan',
              data: area.categories.map((x) => ({ category: x.category, yuan: yuan(x.fen) })),
            }}
          />
          <View className="report-table" data-testid="categories-table">
            <View className="report-table__row report-table__row--head">
              <Text>区域</Text>
              <Text>品类</Text>
              <Text>销售额</Text>
            </View>
            {view.areas.flatMap((a) =>
              a.categories.map((x) => (
                <View key={`${a.area}-${x.category}`} className="report-table__row">
                  <Text>{a.area}</Text>
                  <Text>{x.category}</Text>
                  <Text className="num">{fen(x.fen)}</Text>
                </View>
              )),
            )}
          </View>
        </>
      ) : (
        <Text className="reports__empty muted">这段时间没有销售</Text>
      )}

      <View className="section-title">
        <Text>价格带</Text>
        <Text className="muted">订单数（实付金额）</Text>
      </View>
      <F2Chart
        id="chart-bands"
        spec={{
          kind: 'bar',
          x: 'band',
          y: 'orders',
          color: 'period',
          data: [
            ...view.bands.current.map((b) => ({ band: b.label, orders: b.orders, period: '本期' })),
            ...view.bands.previous.map((b) => ({
              band: b.label,
              orders: b.orders,
              period: '上期',
            })),
          ],
        }}
      />
      <View className="report-table" data-testid="bands-table">
        <View className="report-table__row report-table__row--head">
          <Text>价格带</Text>
          <Text>本期</Text>
          <Text>上期</Text>
        </View>
        {view.bands.current.map((b, i) => (
          <View key={b.band} className="report-table__row">
            <Text>{b.label}</Text>
            <Text className="num">{b.orders}</Text>
            <Text className="num muted">{view.bands.previous[i]?.orders ?? 0}</Text>
          </View>
        ))}
      </View>

      <MemberSection members={view.members} />
      <ResponseSection responses={view.responses} />
      <View className="section-title">
        <Text>店员排行</Text>
        <Text className="muted">按业绩（本人顾客的复购金额）</Text>
      </View>
      <View className="report-table" data-testid="clerks-table">
        <View className="report-table__row report-table__row--head">
          <Text>店员</Text>
          <Text>复购</Text>
          <Text>业绩</Text>
          <Text>上期业绩</Text>
        </View>
        {view.clerks.length === 0 ? (
          <Text className="reports__empty muted">这段时间没有店员业绩</Text>
        ) : (
          view.clerks.map((r) => (
            <View key={r.clerkId} className="report-table__row" data-testid={`clerk-${r.clerkId}`}>
              <Text>
                {r.name}
                {view.scope === 'chain' ? ` · ${r.storeName}` : ''}
              </Text>
              <Text className="num">{r.repeatOrders} 笔</Text>
              <Text className="num">{fen(r.repeatFen)}</Text>
              <Text className="num muted">{fen(r.previousRepeatFen)}</Text>
            </View>
          ))
        )}
      </View>
      <Text className="reports__note muted">
        数据来自每日汇总（每晚 2 点核对并封存前一天），截至昨天。复购率：消费会员中本期消费 2
        次及以上的占比；客单价 = 销售额 ÷
        订单数（全额退款的订单不计，部分退款按实收计）；新会员首单转化：本期开卡的会员中本期完成首单的占比；会员订单占比：会员订单
        ÷
        全部订单；业绩归属下单时该会员的专属店员，与「门店数据」一致；回访完成率：本期到期的回访任务中已完成的占比；投诉平均处理时长：本期登记的投诉中已解决的平均用时；LTV
        = 会员累计消费 ÷
        有消费的会员（期末快照，每晚统计）；标签完整度：期末会员中购买频次、品类偏好等画像类标签齐全的占比（高价值这类只有一个值的标签只计入覆盖）。
      </Text>
    </>
  );
}
