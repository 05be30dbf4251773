/**
 * 门店数据: the store's figures at a glance for a period (本月 / 上月 / custom Shanghai dates,
 * `staff.storeFigures`) — new members, repeat-purchase rate, follow-up completion, open
 * tickets and handling time, satisfaction, 业绩 — and the same per staff member. HQ picks
 * the store. Definitions: docs/store-manager.md.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import type { Figures } from '@/contracts/manager';
import type { PeriodSpec } from '@/domain/figuresPeriod';
import { shanghaiDate } from '@/domain/calendar';
import { callFunction } from '@/services/cloud';
import { useCall } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatFen } from '@/components/format';
import { StaffGate } from '../../StaffGate';
import { StorePicker, useManagedStore } from '../../StorePicker';
import { ClerkTable } from './ClerkTable';
import { DateField } from './DateField';
import { hoursText, percentText, ratingText } from './text';
import './index.less';

type Kind = PeriodSpec['kind'];
const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'thisMonth', label: '本月' },
  { kind: 'lastMonth', label: '上月' },
  { kind: 'custom', label: '自定义' },
];

export default function FiguresPage() {
  return (
    <StaffGate roles={['manager', 'hq']}>{(staff) => <StoreFigures staff={staff} />}</StaffGate>
  );
}

function StoreFigures({ staff }: { staff: StaffView }) {
  const managed = useManagedStore(staff);
  const storeId = managed.store?.id ?? null;
  const today = shanghaiDate(Date.now());
  const [kind, setKind] = useState<Kind>('thisMonth');
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const period: PeriodSpec = kind === 'custom' ? { kind, from, to } : { kind };
  const figures = useCall(
    () =>
      callFunction('staff', {
        action: 'storeFigures',
        storeId: storeId ?? undefined,
        period,
      }),
    [storeId, kind, from, to],
    { enabled: Boolean(storeId) },
  );
  const view = figures.data;

  return (
    <View className="page staff figures" data-testid="figures">
      <View className="figures__head">
        <Text className="figures__store">{view?.storeName ?? managed.store?.name ?? ''}</Text>
        <Text className="figures__period muted">{view?.period.label ?? ''}</Text>
      </View>
      <StorePicker managed={managed} />
      <View className="figures__kinds">
        {KINDS.map((k) => (
          <View
            key={k.kind}
            id={`period-${k.kind}`}
            className={`figures__kind${kind === k.kind ? ' figures__kind--on' : ''}`}
            onClick={() => setKind(k.kind)}
          >
            {k.label}
          </View>
        ))}
      </View>
      {kind === 'custom' ? (
        <View className="figures__dates">
          <DateField id="period-from" label="开始" value={from} onChange={setFrom} />
          <DateField id="period-to" label="结束" value={to} onChange={setTo} />
        </View>
      ) : null}
      {!storeId ? null : figures.error ? (
        <ErrorView message={figures.error.message} onRetry={figures.reload} />
      ) : !view || figures.loading ? (
        <LoadingView text="正在统计…" />
      ) : (
        <>
          <Glance f={view.store} />
          <View className="section-title figures__clerks-title">
            <Text>员工明细</Text>
            <Text className="muted">业绩 = 本人顾客的复购金额</Text>
          </View>
          <ClerkTable clerks={view.clerks} />
          <Text className="figures__note muted">
            复购：会员此前已有过消费的订单（全额退款的不计，部分退款按实收计）；业绩归属下单时该会员的专属店员，是「客户维系奖励金」的计算依据。回访完成率按期内到期的任务计；处理时长、满意度按期内新建的工单计。
          </Text>
        </>
      )}
    </View>
  );
}

function Glance({ f }: { f: Figures }) {
  const tiles: { id: string; label: string; value: string; sub: string }[] = [
    { id: 'new', label: '新会员', value: String(f.newMembers), sub: '期内开卡' },
    {
      id: 'repeat',
      label: '复购率',
      value: percentText(f.repeatRate),
      sub: `${f.repeatBuyers}/${f.buyers} 位消费会员买了 2 次以上`,
    },
    {
      id: 'tasks',
      label: '回访完成率',
      value: percentText(f.completionRate),
      sub: `到期 ${f.tasksDue} · 完成 ${f.tasksDone}`,
    },
    {
      id: 'tickets',
      label: '未结工单',
      value: String(f.openTickets),
      sub: `平均处理 ${hoursText(f.avgHandlingMs)}（${f.resolvedTickets} 单）`,
    },
    {
      id: 'rating',
      label: '满意度',
      value: ratingText(f.avgRating),
      sub: `${f.ratedTickets} 条评价`,
    },
    {
      id: 'bonus',
      label: '复购业绩',
      value: formatFen(f.repeatFen),
      sub: `复购 ${f.repeatOrders} 笔`,
    },
  ];
  return (
    <View className="figures__glance" data-testid="glance">
      {tiles.map((t) => (
        <View key={t.id} className={`figure figure--${t.id}`}>
          <Text className="figure__label">{t.label}</Text>
          <Text className="figure__value num">{t.value}</Text>
          <Text className="figure__sub">{t.sub}</Text>
        </View>
      ))}
    </View>
  );
}
