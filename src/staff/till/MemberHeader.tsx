/**
 * Who the sale is for: name (masked unless it is the clerk's own customer), level, points,
 * the member's clerk or store, and the birthday the clerk may register; 「换一位」 goes
 * back to the lookup and keeps what was typed for the sale.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TillMemberView } from '@/contracts/staff';
import { LEVEL_NAMES } from '@/domain/levels';
import { BirthdaySheet } from './BirthdaySheet';
import './MemberHeader.less';

export function MemberHeader(props: {
  member: TillMemberView;
  onChange: () => void;
  onBirthday: (birthdayText: string) => void;
}) {
  const { member, onChange, onBirthday } = props;
  const [editing, setEditing] = useState(false);
  const birthdayText = member.birthdayText;
  return (
    <>
      <View className={`till-member till-member--${member.level}`} data-testid="till-member">
        <View className="till-member__top">
          <View className="till-member__who">
            <Text className="till-member__name">{member.displayName}</Text>
            <Text className="till-member__phone num">{member.phoneMasked}</Text>
          </View>
          <Text className="till-member__level">{LEVEL_NAMES[member.level]}</Text>
        </View>
        <View className="till-member__facts">
          <Text className="till-member__fact">
            积分 <Text className="num till-member__points">{member.points.balance}</Text>
          </Text>
          <Text className="till-member__fact">会员号 {member.memberNo}</Text>
          <Text className="till-member__fact">
            {member.ownCustomer
              ? '我的顾客'
              : member.clerkName
                ? `导购 ${member.clerkName}`
                : (member.homeStoreName ?? '')}
          </Text>
          <View
            id="member-birthday"
            className="till-member__fact till-member__birthday"
            onClick={() => setEditing(true)}
          >
            <Text>
              生日 {birthdayText ?? '未登记'} · {birthdayText ? '修改' : '登记'}
            </Text>
          </View>
        </View>
        <View id="change-member" className="till-member__change" onClick={onChange}>
          <Text>换一位</Text>
        </View>
      </View>
      <BirthdaySheet
        open={editing}
        memberId={member.memberId}
        onClose={() => setEditing(false)}
        onSaved={(text) => {
          onBirthday(text);
          setEditing(false);
        }}
      />
    </>
  );
}
