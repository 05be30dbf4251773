/**
 * 我的顾客: a clerk's own customers (a manager: the store's, by clerk), searched by name or
 * the phone's last 4 digits, filtered by lifecycle, tag and last purchase, paged; each row
 * shows the tags with their reasons and the next follow-up task, and opens the customer.
 */
import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CustomerRow, StaffView } from '@/contracts/staff';
import type { TeamMemberView } from '@/contracts/manager';
import { isSearchable, type LastPurchase } from '@/domain/customers/search';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button, Input } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import { customerUrl } from '../../customerUrl';
import { CustomerRowView } from './CustomerRowView';
import { LAST_PURCHASE_CHIPS, LIFECYCLE_CHIPS, TAG_CHIPS } from './filters';
import './index.less';

const PAGE = 20;

type Query = {
  q: string;
  lifecycle: string | null;
  tag: string | null;
  lastPurchase: LastPurchase | null;
  clerkId: string | null;
};

export default function Customers() {
  return (
    <StaffGate roles={['clerk', 'manager']} needsStore>
      {(staff) => <CustomersBody staff={staff} />}
    </StaffGate>
  );
}

function Chips<K extends string>({
  name,
  label,
  chips,
  value,
  onChange,
}: {
  name: string;
  label: string;
  chips: { key: K; label: string }[];
  value: K | null;
  onChange: (v: K | null) => void;
}) {
  return (
    <View className="customers__chips" id={`chips-${name}`}>
      <Text className="customers__chips-label">{label}</Text>
      {chips.map((c, i) => (
        <View
          key={c.key}
          id={`chip-${name}-${i}`}
          className={`customers-chip${value === c.key ? ' customers-chip--on' : ''}`}
          onClick={() => onChange(value === c.key ? null : c.key)}
        >
          {c.label}
        </View>
      ))}
    </View>
  );
}

function CustomersBody({ staff }: { staff: StaffView }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState<Query>({
    q: '',
    lifecycle: null,
    tag: null,
    lastPurchase: null,
    clerkId: null,
  });
  const [rows, setRows] = useState<CustomerRow[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const [clerks, setClerks] = useState<TeamMemberView[]>([]);
  const manager = staff.role === 'manager';

  useEffect(() => {
    if (!manager) return;
    callFunction('staff', { action: 'listTeam' })
      .then((r) => setClerks(r.team.filter((m) => m.role === 'clerk')))
      .catch(() => setClerks([]));
  }, [manager]);

  const fetchPage = useCallback(
    (q: Query, after: string | null) =>
      callFunction('staff', {
        action: 'listCustomers',
        limit: PAGE,
        ...(q.q ? { q: q.q } : {}),
        ...(q.lifecycle ? { lifecycle: q.lifecycle } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.lastPurchase ? { lastPurchase: q.lastPurchase } : {}),
        ...(q.clerkId ? { clerkId: q.clerkId } : {}),
        ...(after ? { cursor: after } : {}),
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    setRows(null);
    setError(null);
    fetchPage(query, null)
      .then((page) => {
        if (!live) return;
        setRows(page.customers);
        setCursor(page.nextCursor);
      })
      .catch((e) => live && setError(toCallError(e).message));
    return () => {
      live = false;
    };
  }, [fetchPage, query]);

  const loadMore = async () => {
    if (!cursor) return;
    setMore(true);
    try {
      const page = await fetchPage(query, cursor);
      setRows((list) => [...(list ?? []), ...page.customers]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setMore(false);
    }
  };

  const search = () => {
    const q = text.trim();
    if (q && !isSearchable(q)) {
      setHint('请输入姓名，或手机号后 4 位');
      return;
    }
    setHint(null);
    setQuery((s) => ({ ...s, q }));
  };

  return (
    <View className="page staff customers" id="customers">
      <View className="customers__head">
        <Text className="customers__store">
          {staff.storeName}
          {manager ? ' · 门店顾客' : ' · 我的专属顾客'}
        </Text>
        <View className="customers__search">
          <Input
            className="customers__input"
            placeholder="姓名或手机尾号 4 位"
            maxLength={20}
            value={text}
            onChange={(v) => setText(v)}
            onConfirm={search}
          />
          <Button id="customers-search" size="small" type="primary" onClick={search}>
            搜索
          </Button>
        </View>
        {hint ? <Text className="error-text">{hint}</Text> : null}
        {manager ? (
          <Chips
            name="clerk"
            label="店员"
            chips={clerks.map((c) => ({ key: c.staffId, label: c.name }))}
            value={query.clerkId}
            onChange={(clerkId) => setQuery((s) => ({ ...s, clerkId }))}
          />
        ) : null}
        <Chips
          name="lifecycle"
          label="阶段"
          chips={LIFECYCLE_CHIPS.map((v) => ({ key: v, label: v }))}
          value={query.lifecycle}
          onChange={(lifecycle) => setQuery((s) => ({ ...s, lifecycle }))}
        />
        <Chips
          name="tag"
          label="标签"
          chips={TAG_CHIPS}
          value={query.tag}
          onChange={(tag) => setQuery((s) => ({ ...s, tag }))}
        />
        <Chips
          name="last"
          label="购买"
          chips={LAST_PURCHASE_CHIPS}
          value={query.lastPurchase}
          onChange={(lastPurchase) => setQuery((s) => ({ ...s, lastPurchase }))}
        />
      </View>
      {error ? (
        <ErrorView message={error} onRetry={() => setQuery((s) => ({ ...s }))} />
      ) : rows === null ? (
        <LoadingView text="正在读取顾客…" />
      ) : rows.length === 0 ? (
        <View className="section customers__empty">
          <Text className="muted">没有符合条件的顾客</Text>
        </View>
      ) : (
        <View className="section customers__list">
          {rows.map((r) => (
            <CustomerRowView
              key={r.memberId}
              row={r}
              clerkName={
                manager
                  ? (clerks.find((c) => c.staffId === r.clerkId)?.name ??
                    (r.clerkId ? '其他店员' : null))
                  : undefined
              }
              onOpen={() => void Taro.navigateTo({ url: customerUrl(r.memberId) })}
            />
          ))}
          {cursor ? (
            <Button id="customers-more" block disabled={more} onClick={() => void loadMore()}>
              {more ? '正在读取…' : '加载更多'}
            </Button>
          ) : (
            <Text className="customers__end muted">已显示全部 {rows.length} 位顾客</Text>
          )}
        </View>
      )}
    </View>
  );
}
