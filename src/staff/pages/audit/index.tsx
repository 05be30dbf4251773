/**
 * 操作日志 (HQ): the chain's audit log — reveals of masked data, rule changes, refunds,
 * invites and unbinding — newest first, filtered by action, paged. Entries cannot be edited
 * or removed: the log is append-only and only functions write it.
 */
import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { AuditEntryView } from '@/contracts/staff';
import { AUDIT_ACTIONS, auditText } from '@/domain/auditText';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button } from '@/components/nut';
import { formatDateTime } from '@/components/format';
import { StaffGate } from '../../StaffGate';
import { ROLE_NAMES } from '../../useStaff';
import './index.less';

type Entry = AuditEntryView & { actorName: string };

export default function AuditPage() {
  return <StaffGate roles={['hq']}>{() => <AuditBody />}</StaffGate>;
}

function AuditBody() {
  const [filter, setFilter] = useState<string | null>(null);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (action: string | null, after?: Entry) => {
    setBusy(true);
    setError(null);
    try {
      const page = await callFunction('staff', {
        action: 'listAuditEntries',
        limit: 20,
        ...(action ? { auditAction: action } : {}),
        ...(after ? { before: { at: after.at, id: after.id } } : {}),
      });
      setEntries((list) => (after ? [...(list ?? []), ...page.entries] : page.entries));
      setHasMore(page.hasMore);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  }, []);
  useEffect(() => {
    setEntries(null);
    void load(filter);
  }, [load, filter]);

  return (
    <View className="page staff audit" data-testid="audit">
      <View className="audit__filters">
        {[{ action: null, name: '全部' }, ...AUDIT_ACTIONS].map((a) => (
          <View
            key={a.action ?? 'all'}
            id={`audit-filter-${(a.action ?? 'all').replace('.', '-')}`}
            className={`audit__filter${filter === a.action ? ' audit__filter--on' : ''}`}
            onClick={() => setFilter(a.action)}
          >
            {a.name}
          </View>
        ))}
      </View>
      {error ? (
        <ErrorView message={error} onRetry={() => void load(filter)} />
      ) : entries === null ? (
        <LoadingView text="正在读取日志…" />
      ) : entries.length === 0 ? (
        <View className="section">
          <Text className="muted">没有记录</Text>
        </View>
      ) : (
        <View className="section audit__list">
          {entries.map((e) => (
            <View key={e.id} className="audit__entry">
              <Text className="audit__text">{auditText(e)}</Text>
              <Text className="muted audit__meta">
                {e.actorName}（{ROLE_NAMES[e.actor.role]}）· {formatDateTime(e.at)} · {e.source}
              </Text>
            </View>
          ))}
          {hasMore ? (
            <Button
              id="audit-more"
              size="small"
              disabled={busy}
              onClick={() => void load(filter, entries[entries.length - 1])}
            >
              {busy ? '正在加载…' : '加载更多'}
            </Button>
          ) : null}
        </View>
      )}
    </View>
  );
}
