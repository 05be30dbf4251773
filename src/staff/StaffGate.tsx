/**
 * Every workbench page but the bind page sits behind this gate: it asks who the caller
 * is and renders the page only for bound staff (with the roles it allows). The server
 * checks every action again; the gate only spares a stranger a page of errors.
 */
import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Role, StaffView } from '@/contracts/staff';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button } from '@/components/nut';
import { ROLE_NAMES, useStaff, workbenchTitle } from './useStaff';
import './staff.less';

type Props = {
  /** roles that may use the page (default: all) */
  roles?: readonly Role[];
  /** the page also needs a store (till, orders, checkout code) */
  needsStore?: boolean;
  children: (staff: StaffView) => ReactNode;
};

export const BIND_URL = '/staff/pages/bind/index';
export const WORKBENCH_URL = '/staff/pages/home/index';

export function StaffGate({ roles, needsStore = false, children }: Props) {
  const who = useStaff();
  if (who.loading && !who.data) {
    return (
      <View className="page">
        <LoadingView text="正在确认员工身份…" />
      </View>
    );
  }
  if (who.error && !who.data) {
    return (
      <View className="page">
        <ErrorView message={who.error.message} onRetry={who.reload} />
      </View>
    );
  }
  const staff = who.data?.staff ?? null;
  if (!staff) {
    return (
      <View className="page">
        <View className="staff-block" data-testid="not-staff">
          <View className="staff-block__badge">
            <Text>工</Text>
          </View>
          <Text className="staff-block__title">这个微信号还没有绑定员工身份</Text>
          <Text className="staff-block__text">
            请向店长或总部索取一次性邀请码，绑定后即可使用员工工作台。
          </Text>
          <Button
            id="go-bind"
            className="staff-block__action"
            type="primary"
            size="large"
            block
            onClick={() => void Taro.navigateTo({ url: BIND_URL })}
          >
            输入邀请码绑定
          </Button>
          <Text
            id="go-member"
            className="staff-block__link"
            onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}
          >
            我是顾客，进入会员中心
          </Text>
        </View>
      </View>
    );
  }
  const roleOk = !roles || roles.includes(staff.role);
  const storeOk = !needsStore || Boolean(staff.storeId);
  if (!roleOk || !storeOk) {
    const hq = staff.role === 'hq';
    return (
      <View className="page">
        <View className="staff-block" data-testid="forbidden">
          <View className="staff-block__badge staff-block__badge--muted">
            <Text>!</Text>
          </View>
          <Text className="staff-block__title">
            {hq
              ? '这是门店员工使用的功能'
              : roleOk
                ? '此功能需要绑定门店'
                : `${ROLE_NAMES[staff.role]}账号不能使用此功能`}
          </Text>
          <Text className="staff-block__text">
            {hq
              ? '总部账号不属于任何门店：收银、订单和开卡码都记在门店和导购名下，请使用门店店员或店长账号操作。'
              : roleOk
                ? '请联系店长或总部为账号绑定门店。'
                : `可使用的身份：${(roles ?? []).map((r) => ROLE_NAMES[r]).join('、')}`}
          </Text>
          <Button
            id="go-workbench"
            className="staff-block__action"
            size="large"
            block
            onClick={() => void Taro.reLaunch({ url: WORKBENCH_URL })}
          >
            返回{workbenchTitle(staff.role)}
          </Button>
        </View>
      </View>
    );
  }
  return <>{children(staff)}</>;
}
