/**
 * A discreet, permanent way in for staff (a new clerk opens the mini-program like anyone
 * else and lands on the landing page or the card): 「店员入口」 in the footer opens the
 * workbench, which asks an unbound WeChat identity for its invite code.
 */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { WORKBENCH_URL } from '@/services/staffHint';
import './StaffEntryLink.less';

export function StaffEntryLink({ id = 'staff-entry-link' }: { id?: string }) {
  return (
    <View className="staff-entry-link">
      <Text
        id={id}
        className="staff-entry-link__text"
        onClick={() => void Taro.navigateTo({ url: WORKBENCH_URL })}
      >
        店员入口
      </Text>
    </View>
  );
}
