/**
 * 回访任务: my open follow-up tasks (overdue first, highlighted), each completed with an
 * outcome and a note; and the store's shared pool (公海池) — tasks nobody followed up within
 * 7 days of their due day — where any clerk of the store may claim one (first claim wins).
 */
import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { StaffView } from '@/contracts/staff';
import type { TaskView } from '@/contracts/tasks';
import type { TaskOutcomeValue } from '@/domain/tasks/claim';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { StaffGate } from '../../StaffGate';
import { TaskRow } from './TaskRow';
import { DoneSheet } from './DoneSheet';
import './index.less';

type Tab = 'mine' | 'pool';

export default function Tasks() {
  return <StaffGate needsStore>{(staff) => <TasksBody staff={staff} />}</StaffGate>;
}

function TasksBody({ staff }: { staff: StaffView }) {
  const [tab, setTab] = useState<Tab>('mine');
  const [tasks, setTasks] = useState<TaskView[] | null>(null);
  const [overdue, setOverdue] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [completing, setCompleting] = useState<TaskView | null>(null);
  const [sheetError, setSheetError] = useState<string | null>(null);

  const load = useCallback(async (which: Tab) => {
    setTasks(null);
    setError(null);
    try {
      if (which === 'mine') {
        const page = await callFunction('staff', { action: 'listMyTasks', limit: 50 });
        setTasks(page.tasks);
        setOverdue(page.overdue);
      } else {
        const page = await callFunction('staff', { action: 'listPool', limit: 50 });
        setTasks(page.tasks);
      }
    } catch (e) {
      setError(toCallError(e).message);
    }
  }, []);
  useEffect(() => void load(tab), [load, tab]);

  const claim = async (task: TaskView) => {
    setBusy(task.id);
    setNotice(null);
    try {
      const r = await callFunction('staff', { action: 'claimTask', taskId: task.id });
      setTasks((list) => (list ?? []).filter((t) => t.id !== task.id));
      setNotice(r.customerMoved ? '已认领，顾客已转为你的专属顾客' : '已认领，已加入我的回访');
    } catch (e) {
      setNotice(toCallError(e).message);
      void load('pool');
    } finally {
      setBusy(null);
    }
  };

  const complete = async (task: TaskView, result: TaskOutcomeValue, note: string | null) => {
    setBusy(task.id);
    setSheetError(null);
    try {
      await callFunction('staff', { action: 'completeTask', taskId: task.id, result, note });
      setTasks((list) => (list ?? []).filter((t) => t.id !== task.id));
      if (task.overdue) setOverdue((n) => Math.max(0, n - 1));
      setCompleting(null);
      setNotice('已完成回访');
    } catch (e) {
      setSheetError(toCallError(e).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="page staff tasks" data-testid="tasks">
      <View className="tasks__head">
        <Text className="tasks__store">{staff.storeName}</Text>
        <View className="tasks__tabs">
          {(['mine', 'pool'] as const).map((t) => (
            <View
              key={t}
              id={`tab-${t}`}
              className={`tasks__tab${tab === t ? ' tasks__tab--on' : ''}`}
              onClick={() => {
                setNotice(null);
                setTab(t);
              }}
            >
              {t === 'mine' ? `我的回访${overdue ? ` · 逾期 ${overdue}` : ''}` : '公海池'}
            </View>
          ))}
        </View>
        <Text className="tasks__hint muted">
          {tab === 'mine'
            ? '到期未跟进的任务 7 天后进入门店公海池'
            : '同事 7 天未跟进的任务，认领后由你回访'}
        </Text>
      </View>
      {notice ? <Text className="tasks__notice">{notice}</Text> : null}
      {error ? (
        <ErrorView message={error} onRetry={() => void load(tab)} />
      ) : tasks === null ? (
        <LoadingView text="正在读取任务…" />
      ) : tasks.length === 0 ? (
        <View className="section tasks__empty">
          <Text className="muted">{tab === 'mine' ? '没有待回访的任务' : '公海池里没有任务'}</Text>
        </View>
      ) : (
        <View className="section tasks__list">
          {tasks.map((t) => (
            <TaskRow
              key={t.id}
              task={t}
              action={tab === 'mine' ? '完成' : '认领'}
              busy={busy === t.id}
              onAction={() => {
                if (tab === 'pool') void claim(t);
                else {
                  setSheetError(null);
                  setCompleting(t);
                }
              }}
            />
          ))}
        </View>
      )}
      {completing ? (
        <DoneSheet
          task={completing}
          busy={busy === completing.id}
          error={sheetError}
          onClose={() => setCompleting(null)}
          onDone={(result, note) => void complete(completing, result, note)}
        />
      ) : null}
    </View>
  );
}
