/**
 * The optional profile: name, gender, birthday and preferences, saved with
 * `member.updateProfile`. Completing name + gender + birthday the first time earns the
 * profile points once (the function decides; the page shows what it awarded). The birthday
 * can be set once: afterwards it is shown locked, and only a clerk changes it.
 *
 * Birthday input: WeChat's native date picker on weapp, the browser's date input on H5.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  BirthdayField,
  birthdayText,
  birthdayValue,
  parseBirthday,
  todayValue,
} from '@/components/BirthdayField';
import type { ProfileView } from '@/contracts/member';
import { callFunction } from '@/services/cloud';
import { toCallError, useCall } from '@/services/useCall';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { Button, Input } from '@/components/nut';
import './index.less';

/** What members can tell us they like (clerks may add others; those show too). */
const PREFERENCES = ['家居清洁', '个人护理', '季节限定', '厨房用品', '收纳整理', '香氛'];
const GENDERS: { value: 'female' | 'male'; label: string }[] = [
  { value: 'female', label: '女士' },
  { value: 'male', label: '先生' },
];

type Birthday = NonNullable<ProfileView['birthday']>;
type Form = {
  name: string;
  gender: ProfileView['gender'];
  birthday: Birthday | null;
  preferences: string[];
};

export default function Profile() {
  const loaded = useCall(
    () =>
      Promise.all([
        callFunction('member', { action: 'getProfile' }),
        callFunction('member', { action: 'getSettings' }),
      ]).then(([profile, settings]) => ({
        profile,
        points: settings.points.profileCompletionPoints,
      })),
    [],
  );

  const notMember = loaded.error?.code === 'AUTH.NOT_MEMBER';
  useEffect(() => {
    if (notMember) void Taro.redirectTo({ url: '/pages/landing/index' });
  }, [notMember]);

  if (loaded.error && !notMember) {
    return (
      <View className="page">
        <ErrorView message={loaded.error.message} onRetry={loaded.reload} />
      </View>
    );
  }
  if (!loaded.data) {
    return (
      <View className="page">
        <LoadingView text="正在读取资料…" />
      </View>
    );
  }
  return <ProfileForm profile={loaded.data.profile} completionPoints={loaded.data.points} />;
}

function ProfileForm({
  profile: initial,
  completionPoints,
}: {
  profile: ProfileView;
  completionPoints: number;
}) {
  const [profile, setProfile] = useState(initial);
  const [form, setForm] = useState<Form>({
    name: initial.name ?? '',
    gender: initial.gender,
    birthday: initial.birthday,
    preferences: initial.preferences,
  });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setResult(null);
    setError(null);
  };
  const togglePreference = (p: string) =>
    set(
      'preferences',
      form.preferences.includes(p)
        ? form.preferences.filter((x) => x !== p)
        : [...form.preferences, p],
    );

  const maxDate = todayValue(Date.now());
  const choices = [...PREFERENCES, ...profile.preferences.filter((p) => !PREFERENCES.includes(p))];

  const save = async () => {
    const name = form.name.trim();
    if (name.length > 20) {
      setError('称呼最多 20 个字');
      return;
    }
    setSaving(true);
    setError(null);
    setResult(null);
    try {
      const res = await callFunction('member', {
        action: 'updateProfile',
        ...(name ? { name } : {}),
        ...(form.gender ? { gender: form.gender } : {}),
        ...(form.birthday && !profile.birthdayLocked ? { birthday: form.birthday } : {}),
        preferences: form.preferences,
      });
      setProfile(res.profile);
      setForm((f) => ({ ...f, birthday: res.profile.birthday }));
      setResult(
        res.pointsAwarded > 0 ? `资料已完善，获得 ${res.pointsAwarded} 积分` : '资料已保存',
      );
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="page profile" data-testid="profile">
      {profile.profileCompleted ? null : (
        <View className="profile__reward">
          <Text className="profile__reward-title">完善资料送 {completionPoints} 积分</Text>
          <Text className="profile__reward-text">填写称呼、性别和生日即可获得，仅此一次</Text>
        </View>
      )}

      <View className="section">
        <View className="section-title">基本资料</View>

        <View className="profile__field">
          <Text className="profile__label">称呼</Text>
          <View className="profile__name">
            <Input
              // NutUI's default clear icon is an <i>, which weapp cannot render
              clearIcon={<View />}
              className="profile__name-input"
              placeholder="怎么称呼您"
              maxLength={20}
              value={form.name}
              onChange={(v) => set('name', v)}
            />
          </View>
        </View>

        <View className="profile__field">
          <Text className="profile__label">性别</Text>
          <View className="profile__chips">
            {GENDERS.map((g) => (
              <View
                key={g.value}
                className={`chip gender-${g.value} ${form.gender === g.value ? 'chip--on' : ''}`}
                onClick={() => set('gender', g.value)}
              >
                <Text>{g.label}</Text>
              </View>
            ))}
          </View>
        </View>

        <View className="profile__field profile__field--top">
          <Text className="profile__label">生日</Text>
          <View className="profile__birthday">
            {profile.birthdayLocked && profile.birthday ? (
              <>
                <Text className="profile__value" data-testid="birthday">
                  {birthdayText(profile.birthday)}
                </Text>
                <Text className="profile__lock">生日如需修改请联系门店店员</Text>
              </>
            ) : (
              <>
                <BirthdayField
                  value={birthdayValue(form.birthday)}
                  max={maxDate}
                  onChange={(v) => set('birthday', parseBirthday(v))}
                >
                  <View className="profile__picker">
                    <Text className={form.birthday ? 'profile__value' : 'profile__placeholder'}>
                      {form.birthday ? birthdayText(form.birthday) : '选择您的生日'}
                    </Text>
                    <View className="profile__chevron" />
                  </View>
                </BirthdayField>
                <Text className="profile__hint">
                  生日当天送专属礼券；保存后不能自行修改，请确认无误
                </Text>
              </>
            )}
          </View>
        </View>
      </View>

      <View className="section">
        <View className="section-title">
          <Text>感兴趣的品类</Text>
          <Text className="muted">可多选</Text>
        </View>
        <View className="profile__chips profile__chips--wrap">
          {choices.map((p, i) => (
            <View
              key={p}
              className={`chip pref-${i} ${form.preferences.includes(p) ? 'chip--on' : ''}`}
              onClick={() => togglePreference(p)}
            >
              <Text>{p}</Text>
            </View>
          ))}
        </View>
        <Text className="profile__hint">用于为您挑选更合适的会员福利，不会对外提供</Text>
      </View>

      <View className="profile__actions">
        {result ? (
          <View className="profile__result" data-testid="profile-result">
            <Text>{result}</Text>
          </View>
        ) : null}
        {error ? <View className="error-text">{error}</View> : null}
        <Button
          id="save-profile"
          className="profile__save"
          type="primary"
          size="large"
          block
          disabled={saving}
          onClick={save}
        >
          {saving ? '正在保存…' : '保存资料'}
        </Button>
      </View>
    </View>
  );
}
