/**
 * 店员管理: the store's bound staff with their roles (`staff.listTeam`); a clerk can be
 * unbound after a confirmation (`staff.unbindStaff`: access lost at once, their open
 * follow-up tasks go to the store's pool); the open invites are on 邀请员工. HQ picks the store
 * and may unbind anyone but themselves (the server decides: domain/storeManagement.ts).
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TeamMemberView } from '@/contracts/manager';
import type { StaffView } from '@/contracts/staff';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatDate } from '@/components/format';
import { Button } from '@/components/nut';
import { mayUnbind } from '@/domain/storeManagement';
import { StaffGate } from '../../StaffGate';
import { StorePicker, useManagedStore } from '../../StorePicker';
import { ROLE_NAMES } from '../../useStaff';
import './index.less';

export default function TeamPage() {
  return <StaffGate roles={['manager', 'hq']}>{(staff) => <Team staff={staff} />}</StaffGate>;
}

function Team({ staff }: { staff: StaffView }) {
  const managed = useManagedStore(staff);
  const storeId = managed.store?.id ?? null;
  const team = useCall(
    () => callFunction('staff', { action: 'listTeam', storeId: storeId ?? undefined }),
    [storeId],
    { enabled: Boolean(storeId) },
  );
  const [asking, setAsking] = useState<TeamMemberView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const unbind = async () => {
    if (!asking) return;
    setBusy(true);
    setError(null);
    try {
      const r = await callFunction('staff', { action: 'unbindStaff', staffId: asking.staffId });
      setNotice(
        `已解绑 ${asking.name}${r.tasksPooled ? `，${r.tasksPooled} 个回访任务已进入公海池` : ''}`,
      );
      setAsking(null);
      void team.reload();
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page staff team" data-testid="team">
      <View className="section-title team__head">
        <Text>店员管理</Text>
        <Text className="muted team__store">{managed.store?.name ?? ''}</Text>
      </View>
      <StorePicker managed={managed} />
      {notice ? <Text className="team__notice">{notice}</Text> : null}
      {!storeId ? null : team.error ? (
        <ErrorView message={team.error.message} onRetry={team.reload} />
      ) : !team.data ? (
        <LoadingView text="正在读取店员…" />
      ) : team.data.team.length === 0 ? (
        <View className="section muted">这家门店还没有绑定的员工</View>
      ) : (
        <View className="section team__list">
          {team.data.team.map((s) => (
            <View className="team-row" key={s.staffId} data-testid={`team-${s.staffId}`}>
              <View className="team-row__body">
                <Text className="team-row__name">{s.name}</Text>
                <Text className={`team-row__role team-row__role--${s.role}`}>
                  {ROLE_NAMES[s.role]}
                </Text>
                <Text className="team-row__since muted">
                  {s.boundAt ? `${formatDate(s.boundAt)} 绑定` : '早期账号'}
                </Text>
              </View>
              {mayUnbind(staff, { staffId: s.staffId, role: s.role, storeId }).ok ? (
                <Button
                  className="team-row__unbind"
                  size="small"
                  fill="outline"
                  onClick={() => {
                    setError(null);
                    setAsking(s);
                  }}
                >
                  解绑
                </Button>
              ) : null}
            </View>
          ))}
        </View>
      )}
      <View
        id="to-invites"
        className="section team__invites"
        onClick={() => void Taro.navigateTo({ url: '/staff/pages/invite/index' })}
      >
        <Text>邀请员工 · 未使用的邀请码 ›</Text>
      </View>
      <ConfirmSheet
        open={asking !== null}
        id="unbind"
        title="解绑员工"
        confirmText="确认解绑"
        busy={busy}
        busyText="正在解绑…"
        error={error}
        danger
        onConfirm={() => void unbind()}
        onCancel={() => setAsking(null)}
      >
        {asking ? (
          <View className="team__ask" data-testid="unbind-sheet">
            <Text className="team__ask-title">
              解绑 {asking.name}（{ROLE_NAMES[asking.role]}）？
            </Text>
            <Text className="team__ask-text">
              解绑后其微信立即无法使用工作台；其未完成的回访任务进入门店公海池，其顾客仍记在其名下。
            </Text>
          </View>
        ) : null}
      </ConfirmSheet>
    </View>
  );
}
