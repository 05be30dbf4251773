/**
 * The till (收银台): identify the member → record the purchase (category lines, receipt
 * number, at most one coupon, a live preview of payable and points) → the result.
 *
 * Built for a clerk with a queue: one screen per step, the payable amount and the submit
 * button always at the bottom, the server's Chinese message on any failure, and a receipt
 * number that makes a retried submit safe (the server answers `duplicate: true` with the
 * original result instead of counting twice).
 */
import { useCallback, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PurchaseResult, StaffView, TillMemberView } from '@/contracts/staff';
import { receiptNoSchema } from '@/contracts/staff';
import { LEVEL_NAMES, LEVEL_SHORT_NAMES, levelChange } from '@/domain/levels';
import { defaultSettings, type Settings } from '@/domain/settings';
import { callFunction } from '@/services/cloud';
import { randomTail } from '@/services/requestId';
import { toCallError, useCall } from '@/services/useCall';
import { formatFen } from '@/components/format';
import { Button, Input } from '@/components/nut';
import { Sheet } from '@/components/Sheet';
import { BirthdayField, birthdayText, parseBirthday, todayValue } from '@/components/BirthdayField';
import { StaffGate } from '../../StaffGate';
import {
  TILL_CATEGORIES,
  couponOptions,
  parseCart,
  parseMemberQuery,
  suggestReceiptNo,
  tillPreview,
  type CouponOption,
  type DraftLine,
} from '../../till/cart';
import './index.less';

export default function Till() {
  return <StaffGate needsStore>{(staff) => <TillBody staff={staff} />}</StaffGate>;
}

type Stage =
  | { kind: 'identify' }
  | { kind: 'order'; member: TillMemberView }
  | { kind: 'result'; member: TillMemberView; result: PurchaseResult };

function TillBody({ staff }: { staff: StaffView }) {
  // the preview uses HQ's settings; if they cannot be read, the defaults (the server decides anyway)
  const settings = useCall(() => callFunction('member', { action: 'getSettings' }), []);
  const [stage, setStage] = useState<Stage>({ kind: 'identify' });
  const [round, setRound] = useState(0);

  const next = useCallback(() => {
    setStage({ kind: 'identify' });
    setRound((r) => r + 1);
  }, []);

  return (
    <View className="page staff till">
      <View className="till__bar">
        <Text className="till__bar-store">{staff.storeName}</Text>
        <Text className="till__bar-clerk">收银员 {staff.name}</Text>
      </View>
      {stage.kind === 'identify' ? (
        <Identify key={round} onFound={(member) => setStage({ kind: 'order', member })} />
      ) : stage.kind === 'order' ? (
        <OrderForm
          key={`${round}-${stage.member.memberId}`}
          staff={staff}
          member={stage.member}
          settings={settings.data ?? defaultSettings}
          onBack={next}
          onDone={(result) => setStage({ kind: 'result', member: stage.member, result })}
        />
      ) : (
        <Result member={stage.member} result={stage.result} onNext={next} />
      )}
    </View>
  );
}

// ---------------------------------------------------------------- 1. identify the member

function Identify({ onFound }: { onFound: (member: TillMemberView) => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const lookup = useCallback(
    async (raw: string) => {
      const query = parseMemberQuery(raw);
      if ('error' in query) {
        setError(query.error);
        return;
      }
      setBusy(true);
      setError(null);
      try {
        const { member } = await callFunction('staff', { action: 'lookupMember', ...query });
        onFound(member);
      } catch (e) {
        setError(toCallError(e).message);
        setBusy(false);
      }
    },
    [onFound],
  );

  const scan = useCallback(async () => {
    setError(null);
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['barCode', 'qrCode'] });
      const code = String(res.result ?? '').trim();
      setText(code);
      void lookup(code);
    } catch (e) {
      const msg = String((e as { errMsg?: string })?.errMsg ?? '');
      if (!/cancel/i.test(msg)) setError('没有识别到会员码，请重新扫码或手动输入');
    }
  }, [lookup]);

  return (
    <View className="section till-identify" data-testid="till-identify">
      <View className="section-title">
        <Text>识别会员</Text>
        <Text className="muted">会员码每 30 秒刷新</Text>
      </View>
      {process.env.TARO_ENV === 'weapp' ? (
        <Button
          id="scan-member"
          className="till-identify__scan"
          type="primary"
          size="large"
          block
          disabled={busy}
          onClick={() => void scan()}
        >
          扫描会员码
        </Button>
      ) : null}
      <View className="till-identify__field">
        <Input
          className="till-identify__input"
          type="number"
          maxLength={24}
          placeholder={
            process.env.TARO_ENV === 'weapp' ? '或输入会员码 / 手机号' : '输入或粘贴会员码 / 手机号'
          }
          value={text}
          onChange={(v) => setText(v)}
          onConfirm={() => void lookup(text)}
        />
      </View>
      <Button
        id="lookup-member"
        className="till-identify__go"
        type={process.env.TARO_ENV === 'weapp' ? 'default' : 'primary'}
        size="large"
        block
        disabled={busy}
        onClick={() => void lookup(text)}
      >
        {busy ? '正在查询…' : '查询会员'}
      </Button>
      {error ? <View className="error-text till-identify__error">{error}</View> : null}
      <Text className="till-identify__tip">
        请顾客打开小程序「会员卡」出示会员码；忘带手机可输入注册手机号
      </Text>
    </View>
  );
}

// ---------------------------------------------------------------- 2. record the purchase

let lineSeq = 0;
const newLine = (category: string = TILL_CATEGORIES[0]): DraftLine => ({
  key: `l${++lineSeq}`,
  category,
  name: '',
  amountText: '',
});
const RECEIPT_RE = /^[0-9A-Za-z_-]+$/;

function OrderForm({
  staff,
  member,
  settings,
  onBack,
  onDone,
}: {
  staff: StaffView;
  member: TillMemberView;
  settings: Settings;
  onBack: () => void;
  onDone: (result: PurchaseResult) => void;
}) {
  const [draft, setDraft] = useState<DraftLine[]>(() => [newLine()]);
  const [receiptNo, setReceiptNo] = useState(() => suggestReceiptNo(Date.now(), randomTail(4)));
  const [couponId, setCouponId] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const cart = useMemo(() => parseCart(draft), [draft]);
  const options = useMemo(
    () => couponOptions(member.coupons, { storeId: staff.storeId ?? '', lines: cart.lines }),
    [member.coupons, staff.storeId, cart.lines],
  );
  const chosen: CouponOption | null = options.find((o) => o.coupon.id === couponId) ?? null;
  const preview = tillPreview({ lines: cart.lines, option: chosen, level: member.level, settings });

  const update = (key: string, patch: Partial<DraftLine>) =>
    setDraft((lines) => lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  const receiptProblem = !receiptNo.trim()
    ? '请输入小票号'
    : receiptNoSchema.safeParse(receiptNo).success
      ? null
      : RECEIPT_RE.test(receiptNo.trim())
        ? '小票号最长 40 位'
        : '小票号只能包含字母、数字、- 和 _';

  const submit = useCallback(async () => {
    setAttempted(true);
    setError(null);
    if (Object.keys(cart.errors).length > 0 || cart.lines.length === 0) {
      setError('请检查商品金额');
      return;
    }
    if (receiptProblem) {
      setError(receiptProblem);
      return;
    }
    if (preview.couponProblem) {
      setError(`所选优惠券不可用：${preview.couponProblem}`);
      return;
    }
    setSubmitting(true);
    try {
      const result = await callFunction('staff', {
        action: 'recordPurchase',
        memberId: member.memberId,
        receiptNo: receiptNo.trim(),
        lines: cart.lines,
        ...(couponId ? { couponId } : {}),
      });
      onDone(result);
    } catch (e) {
      setError(toCallError(e).message);
      setSubmitting(false);
    }
  }, [cart, receiptProblem, preview.couponProblem, member.memberId, receiptNo, couponId, onDone]);

  const usableCount = options.filter((o) => o.usable).length;

  return (
    <View className="till-order" data-testid="till-order">
      <MemberHeader member={member} onChange={onBack} />

      <View className="section">
        <View className="section-title">
          <Text>商品</Text>
          <Text className="muted">按品类录入金额</Text>
        </View>
        {draft.map((line, i) => {
          const lineError = cart.errors[line.key];
          const showError = lineError && (attempted || line.amountText.trim() !== '');
          return (
            <View className="till-line" key={line.key}>
              <View className="till-line__head">
                <Text className="till-line__no">第 {i + 1} 项</Text>
                {draft.length > 1 ? (
                  <Text
                    className="till-line__remove"
                    onClick={() => setDraft((lines) => lines.filter((l) => l.key !== line.key))}
                  >
                    删除
                  </Text>
                ) : null}
              </View>
              <View className="chips till-line__cats">
                {TILL_CATEGORIES.map((c, ci) => (
                  <View
                    key={c}
                    id={`cat-${i}-${ci}`}
                    className={`chip${line.category === c ? ' chip--on' : ''}`}
                    onClick={() => update(line.key, { category: c })}
                  >
                    <Text>{c}</Text>
                  </View>
                ))}
              </View>
              <View className="till-line__inputs">
                <View className="till-line__money">
                  <Text className="till-line__yuan">¥</Text>
                  <Input
                    className="till-line__amount"
                    type="digit"
                    maxLength={10}
                    placeholder="金额（元）"
                    value={line.amountText}
                    onChange={(v) => update(line.key, { amountText: v })}
                  />
                </View>
                <Input
                  className="till-line__name"
                  type="text"
                  maxLength={40}
                  placeholder="商品名（选填）"
                  value={line.name}
                  onChange={(v) => update(line.key, { name: v })}
                />
              </View>
              {showError ? <Text className="till-line__error">{lineError}</Text> : null}
            </View>
          );
        })}
        {draft.length < 20 ? (
          <View
            id="add-line"
            className="till-add"
            onClick={() =>
              setDraft((lines) => [...lines, newLine(lines[lines.length - 1]?.category)])
            }
          >
            <Text>＋ 再加一项</Text>
          </View>
        ) : null}
      </View>

      <View className="section">
        <View className="section-title">
          <Text>小票号</Text>
          <Text className="muted">同一小票只会记录一次</Text>
        </View>
        <View className="till-receipt">
          <Input
            className="till-receipt__input"
            type="text"
            maxLength={40}
            placeholder="收银小票号"
            value={receiptNo}
            onChange={(v) => setReceiptNo(v)}
          />
        </View>
        {attempted && receiptProblem ? (
          <Text className="till-line__error">{receiptProblem}</Text>
        ) : null}
      </View>

      <View className="section">
        <View className="section-title">
          <Text>优惠券</Text>
          <Text className="muted">
            {member.coupons.length === 0
              ? '暂无可用券'
              : cart.lines.length === 0
                ? `共 ${member.coupons.length} 张`
                : `${usableCount} 张可用于本单`}
          </Text>
        </View>
        {member.coupons.length === 0 ? (
          <Text className="muted">该会员目前没有可用的优惠券</Text>
        ) : (
          <View className="till-coupons">
            <CouponRow
              id="coupon-none"
              title="不使用优惠券"
              note=""
              on={couponId === null}
              onTap={() => setCouponId(null)}
            />
            {options.map((o) => (
              <CouponRow
                key={o.coupon.id}
                id={`coupon-${o.coupon.id}`}
                title={o.coupon.title}
                note={o.coupon.conditions.join(' · ')}
                amount={o.usable ? `-${formatFen(o.discountFen)}` : undefined}
                reason={o.usable ? undefined : o.reason}
                on={couponId === o.coupon.id}
                disabled={!o.usable}
                onTap={() => setCouponId(couponId === o.coupon.id ? null : o.coupon.id)}
              />
            ))}
          </View>
        )}
      </View>

      <View className="section till-preview" data-testid="till-preview">
        <View className="section-title">
          <Text>结算预览</Text>
          {preview.points.doubled ? (
            <Text className="till-preview__badge">
              满{formatFen(settings.points.doubleThresholdFen)} 积分翻倍
            </Text>
          ) : null}
        </View>
        <Row label="商品合计" value={formatFen(preview.amountFen)} testId="preview-total" />
        <Row
          label="优惠券"
          value={preview.discountFen ? `-${formatFen(preview.discountFen)}` : '—'}
          tone={preview.discountFen ? 'gold' : undefined}
          testId="preview-discount"
        />
        <Row label="应付" value={formatFen(preview.payableFen)} strong testId="preview-payable" />
        <Row
          label="预计积分"
          value={`+${preview.points.total}`}
          tone="brand"
          testId="preview-points"
          note={pointsNote(preview.points, member.level)}
        />
        {preview.amountFen > 0 &&
        !preview.points.doubled &&
        preview.payableFen < settings.points.doubleThresholdFen ? (
          <Text className="till-preview__hint">
            再消费 {formatFen(settings.points.doubleThresholdFen - preview.payableFen)} 可享积分翻倍
          </Text>
        ) : null}
        {error ? (
          <View className="error-text" data-testid="till-error">
            {error}
          </View>
        ) : null}
      </View>

      <View className="till-pay">
        <View className="till-pay__sum">
          <Text className="till-pay__label">应付</Text>
          <Text className="till-pay__amount num">{formatFen(preview.payableFen)}</Text>
          <Text className="till-pay__points">预计 +{preview.points.total} 积分</Text>
        </View>
        <Button
          id="submit-purchase"
          className="till-pay__button"
          type="primary"
          size="large"
          disabled={submitting}
          onClick={() => void submit()}
        >
          {submitting ? '正在记录…' : '确认记录'}
        </Button>
      </View>
    </View>
  );
}

function pointsNote(
  points: ReturnType<typeof tillPreview>['points'],
  level: TillMemberView['level'],
): string {
  const parts: string[] = [];
  if (points.doubled) parts.push('翻倍');
  if (points.levelPercent !== 100)
    parts.push(`${LEVEL_SHORT_NAMES[level]} ×${points.levelPercent / 100}`);
  return parts.length
    ? `${points.base} 分 × ${points.multiplierApplied}（${parts.join('，')}）`
    : '每消费 ¥1 得 1 分';
}

function MemberHeader({ member, onChange }: { member: TillMemberView; onChange: () => void }) {
  const [birthdayText, setBirthdayText] = useState(member.birthdayText);
  const [editing, setEditing] = useState(false);
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
          setBirthdayText(text);
          setEditing(false);
        }}
      />
    </>
  );
}

/** Set or correct the member's birthday, with the member present (members set it only once). */
function BirthdaySheet(props: {
  open: boolean;
  memberId: string;
  onClose: () => void;
  onSaved: (birthdayText: string) => void;
}) {
  const { open, memberId, onClose, onSaved } = props;
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const picked = parseBirthday(value);
  const save = async () => {
    if (!picked) {
      setError('请选择生日');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await callFunction('staff', {
        action: 'setMemberBirthday',
        memberId,
        birthday: picked,
      });
      onSaved(res.birthdayText);
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Sheet open={open} title="登记会员生日" onClose={onClose}>
      <Text className="muted till-birthday__hint">生日用于生日礼券，请与顾客本人确认后登记。</Text>
      <BirthdayField value={value} max={todayValue(Date.now())} onChange={setValue}>
        <View className="field till-birthday__field">
          <Text className={picked ? '' : 'muted'}>
            {picked ? birthdayText(picked) : '选择生日'}
          </Text>
        </View>
      </BirthdayField>
      {error ? <View className="error-text">{error}</View> : null}
      <Button id="birthday-save" type="primary" block disabled={busy} onClick={() => void save()}>
        {busy ? '正在保存…' : '确认登记'}
      </Button>
    </Sheet>
  );
}

function CouponRow(props: {
  id: string;
  title: string;
  note: string;
  amount?: string;
  reason?: string;
  on: boolean;
  disabled?: boolean;
  onTap: () => void;
}) {
  const { id, title, note, amount, reason, on, disabled, onTap } = props;
  return (
    <View
      id={id}
      className={`till-coupon${on ? ' till-coupon--on' : ''}${disabled ? ' till-coupon--off' : ''}`}
      onClick={onTap}
    >
      <View className="till-coupon__radio">
        {on ? <View className="till-coupon__dot" /> : null}
      </View>
      <View className="till-coupon__body">
        <Text className="till-coupon__title">{title}</Text>
        {note ? <Text className="till-coupon__note">{note}</Text> : null}
        {reason ? <Text className="till-coupon__reason">{reason}</Text> : null}
      </View>
      {amount ? <Text className="till-coupon__amount num">{amount}</Text> : null}
    </View>
  );
}

function Row(props: {
  label: string;
  value: string;
  strong?: boolean;
  tone?: 'brand' | 'gold';
  note?: string;
  testId?: string;
}) {
  const { label, value, strong, tone, note, testId } = props;
  return (
    <View className={`kv${strong ? ' kv--strong' : ''}`}>
      <View className="kv__left">
        <Text className="kv__label">{label}</Text>
        {note ? <Text className="kv__note">{note}</Text> : null}
      </View>
      <Text className={`kv__value num${tone ? ` kv__value--${tone}` : ''}`} data-testid={testId}>
        {value}
      </Text>
    </View>
  );
}

// ---------------------------------------------------------------- 3. the result

function Result({
  member,
  result,
  onNext,
}: {
  member: TillMemberView;
  result: PurchaseResult;
  onNext: () => void;
}) {
  const change = levelChange(result.levelBefore, result.levelAfter);
  return (
    <View className="till-result" data-testid="till-result">
      <View className={`till-result__head${result.duplicate ? ' till-result__head--dup' : ''}`}>
        {result.duplicate ? (
          <>
            <View className="till-result__mark till-result__mark--dup">
              <Text>!</Text>
            </View>
            <Text className="till-result__title">该小票已记录</Text>
            <Text className="till-result__sub">本次没有重复计分，以下是原记录的结果</Text>
          </>
        ) : (
          <>
            <View className="till-result__mark">
              <View className="till-result__check" />
            </View>
            <Text className="till-result__title">记录成功</Text>
            <Text className="till-result__sub">
              {member.displayName} · {member.phoneMasked}
            </Text>
          </>
        )}
        <Text className="till-result__paid-label">实付</Text>
        <Text className="till-result__paid num">{formatFen(result.paidFen)}</Text>
      </View>

      <View className="section till-result__facts">
        <View className="kv">
          <Text className="kv__label">获得积分</Text>
          <View className="till-result__points">
            <Text className="kv__value kv__value--brand num">+{result.pointsEarned}</Text>
            {result.doubled ? <Text className="till-preview__badge">积分翻倍</Text> : null}
          </View>
        </View>
        <View className="kv">
          <Text className="kv__label">商品合计</Text>
          <Text className="kv__value num">{formatFen(result.amountFen)}</Text>
        </View>
        <View className="kv">
          <Text className="kv__label">优惠券</Text>
          <Text className="kv__value">
            {result.couponUsed
              ? `${result.couponUsed.title}（-${formatFen(result.discountFen)}）`
              : '未使用'}
          </Text>
        </View>
        <View className="kv">
          <Text className="kv__label">会员等级</Text>
          <Text className={`kv__value${change === 'up' ? ' kv__value--gold' : ''}`}>
            {change === 'same'
              ? LEVEL_NAMES[result.levelAfter]
              : `${LEVEL_SHORT_NAMES[result.levelBefore]} → ${LEVEL_NAMES[result.levelAfter]}${change === 'up' ? ' 升级！' : ''}`}
          </Text>
        </View>
        <View className="kv kv--strong">
          <Text className="kv__label">积分余额</Text>
          <Text className="kv__value num">{result.pointsBalance}</Text>
        </View>
      </View>

      <View className="staff-actions">
        <Button id="next-customer" type="primary" size="large" block onClick={onNext}>
          下一位顾客
        </Button>
        <Button
          id="view-order"
          className="staff-actions__second"
          fill="outline"
          size="large"
          block
          onClick={() =>
            void Taro.navigateTo({
              url: `/staff/pages/orders/index?orderId=${encodeURIComponent(result.orderId)}`,
            })
          }
        >
          查看本店订单
        </Button>
      </View>
    </View>
  );
}
