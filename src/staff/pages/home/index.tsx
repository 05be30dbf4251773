/**
 * The workbench (店员 / 店长 / 总部工作台): who I am, my store, my reminders, and the tools my
 * role may use. A WeChat identity that is not bound is sent to the invite-code page. HQ has no
 * store, so the store tools (till, orders, checkout code) are not offered to it.
 */
import { useEffect } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { TILL_ROLES, type Role, type StaffView } from '@/contracts/staff';
import { StaffGate } from '../../StaffGate';
import { staffLine, workbenchTitle } from '../../useStaff';
import { Reminders } from './Reminders';
import './index.less';

type Tool = {
  id: string;
  mark: string;
  title: string;
  text: string;
  url: string;
  roles: readonly Role[];
  needsStore: boolean;
};

const TOOLS: Tool[] = [
  {
    id: 'tool-till',
    mark: '收',
    title: '收银台',
    text: '识别会员 · 记录消费 · 核销优惠券',
    url: '/staff/pages/till/index',
    roles: TILL_ROLES,
    needsStore: true,
  },
  {
    id: 'tool-tasks',
    mark: '访',
    title: '回访任务',
    text: '我的回访 · 公海池',
    url: '/staff/pages/tasks/index',
    roles: ['clerk', 'manager'],
    needsStore: true,
  },
  {
    id: 'tool-customers',
    mark: '客',
    title: '我的顾客',
    text: '搜索 · 标签筛选 · 顾客详情',
    url: '/staff/pages/customers/index',
    roles: ['clerk', 'manager'],
    needsStore: true,
  },
  {
    id: 'tool-tickets',
    mark: '诉',
    title: '服务工单',
    text: '投诉 · 售后 · 处理用时',
    url: '/staff/pages/tickets/index',
    roles: ['clerk', 'manager'],
    needsStore: true,
  },
  {
    id: 'tool-orders',
    mark: '单',
    title: '门店订单',
    text: '最近订单 · 退款',
    url: '/staff/pages/orders/index',
    roles: ['clerk', 'manager'],
    needsStore: true,
  },
  {
    id: 'tool-pickups',
    mark: '礼',
    title: '到店领取',
    text: '积分商城礼品 · 交付登记',
    url: '/staff/pages/pickups/index',
    roles: ['clerk', 'manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-qrcode',
    mark: '码',
    title: '我的开卡码',
    text: '顾客扫码加入会员，成为我的顾客',
    url: '/staff/pages/qrcode/index',
    roles: ['clerk', 'manager'],
    needsStore: true,
  },
  {
    id: 'tool-team',
    mark: '员',
    title: '店员管理',
    text: '店员与角色 · 解绑',
    url: '/staff/pages/team/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-figures',
    mark: '数',
    title: '门店数据',
    text: '新会员 · 复购 · 回访 · 工单 · 业绩',
    url: '/staff/pages/figures/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-stores',
    mark: '店',
    title: '门店管理',
    text: '新开 · 编辑 · 关店与重新营业',
    url: '/staff/pages/stores/index',
    roles: ['hq'],
    needsStore: false,
  },
  {
    id: 'tool-reports',
    mark: '报',
    title: '经营报表',
    text: '销售 · 复购 · 客单价 · 品类 · 店员排行',
    url: '/staff/pages/reports/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-invite',
    mark: '邀',
    title: '邀请员工',
    text: '生成一次性邀请码',
    url: '/staff/pages/invite/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-settings',
    mark: '规',
    title: '规则设置',
    text: '积分 · 等级 · 新人礼 · 生日礼 · 隐私说明',
    url: '/staff/pages/settings/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-automations',
    mark: '自',
    title: '自动化营销',
    text: '开关 · 频次 · 对照组 · 免打扰 · 效果',
    url: '/staff/pages/automations/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-campaigns',
    mark: '活',
    title: '营销活动',
    text: '人群 · 发券 · 消息 · 对照组 · 增量效果',
    url: '/staff/pages/campaigns/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-tagrules',
    mark: '标',
    title: '标签规则',
    text: '门槛 · 时间窗口 · RFM · 预览谁得到谁失去',
    url: '/staff/pages/tagrules/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-coupons',
    mark: '券',
    title: '优惠券模板',
    text: '无门槛 · 满减 · 折扣 · 有效期 · 库存',
    url: '/staff/pages/coupons/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-rewards',
    mark: '兑',
    title: '积分商城',
    text: '兑换项目 · 所需积分 · 库存 · 上下架',
    url: '/staff/pages/rewards/index',
    roles: ['manager', 'hq'],
    needsStore: false,
  },
  {
    id: 'tool-import',
    mark: '表',
    title: '导入导出',
    text: '导入历史会员 · 先预览再导入 · 导出会员表',
    url: '/staff/pages/import/index',
    roles: ['hq'],
    needsStore: false,
  },
  {
    id: 'tool-audit',
    mark: '志',
    title: '操作日志',
    text: '查看完整信息 · 规则修改 · 退款 · 员工变动',
    url: '/staff/pages/audit/index',
    roles: ['hq'],
    needsStore: false,
  },
];

export default function Home() {
  return <StaffGate>{(staff) => <Workbench staff={staff} />}</StaffGate>;
}

function Workbench({ staff }: { staff: StaffView }) {
  const title = workbenchTitle(staff.role);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [title]);
  const tools = TOOLS.filter(
    (t) => t.roles.includes(staff.role) && (!t.needsStore || staff.storeId),
  );
  return (
    <View className="page staff workbench" data-testid="workbench">
      <View className="staff-hero">
        <Text className="staff-hero__eyebrow workbench__title">{title}</Text>
        <Text className="staff-hero__name workbench__name">{staff.name}</Text>
        <Text className="staff-hero__line workbench__role">{staffLine(staff)}</Text>
      </View>
      <Reminders />
      <View className="workbench__tools">
        {tools.map((t) => (
          <View
            key={t.id}
            id={t.id}
            className="tool"
            onClick={() => void Taro.navigateTo({ url: t.url })}
          >
            <View className="tool__mark">
              <Text>{t.mark}</Text>
            </View>
            <View className="tool__body">
              <Text className="tool__title">{t.title}</Text>
              <Text className="tool__text">{t.text}</Text>
            </View>
            <Text className="tool__go">›</Text>
          </View>
        ))}
      </View>
      <View
        id="to-member"
        className="workbench__member"
        onClick={() => void Taro.navigateTo({ url: '/pages/card/index' })}
      >
        <Text>我也是会员 · 打开我的会员卡</Text>
      </View>
    </View>
  );
}
