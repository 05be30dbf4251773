/**
 * What the sale comes to before it is recorded: total, coupon, payable and the points it
 * will earn (same domain rules as the server), the problem that stops it, and the pay bar
 * fixed at the bottom with the submit button.
 */
import { Text, View } from '@tarojs/components';
import type { TillMemberView } from '@/contracts/staff';
import { LEVEL_SHORT_NAMES } from '@/domain/levels';
import { earnRateText } from '@/domain/points';
import type { Settings } from '@/domain/settings';
import { formatFen } from '@/components/format';
import { Button } from '@/components/nut';
import { KeyValue } from '../KeyValue';
import type { TillPreview } from './cart';
import './Summary.less';

export function Summary(props: {
  preview: TillPreview;
  level: TillMemberView['level'];
  settings: Settings;
  error: string | null;
  submitting: boolean;
  onSubmit: () => void;
}) {
  const { preview, level, settings, error, submitting, onSubmit } = props;
  const threshold = settings.points.doubleThresholdFen;
  return (
    <>
      <View className="section till-preview" data-testid="till-preview">
        <View className="section-title">
          <Text>结算预览</Text>
          {preview.points.doubled ? (
            <Text className="till-preview__badge">满{formatFen(threshold)} 积分翻倍</Text>
          ) : null}
        </View>
        <KeyValue label="商品合计" value={formatFen(preview.amountFen)} testId="preview-total" />
        <KeyValue
          label="优惠券"
          value={preview.discountFen ? `-${formatFen(preview.discountFen)}` : '—'}
          tone={preview.discountFen ? 'gold' : undefined}
          testId="preview-discount"
        />
        <KeyValue
          label="应付"
          value={formatFen(preview.payableFen)}
          emphasis="total"
          testId="preview-payable"
        />
        <KeyValue
          label="预计积分"
          value={`+${preview.points.total}`}
          tone="brand"
          testId="preview-points"
          note={pointsNote(preview.points, level, settings)}
        />
        {preview.amountFen > 0 && !preview.points.doubled && preview.payableFen < threshold ? (
          <Text className="till-preview__hint">
            再消费 {formatFen(threshold - preview.payableFen)} 可享积分翻倍
          </Text>
        ) : null}
        {error ? (
          <View className="error-text till-preview__error" data-testid="till-error">
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
          onClick={onSubmit}
        >
          {submitting ? '正在记录…' : '确认记录'}
        </Button>
      </View>
    </>
  );
}

function pointsNote(
  points: TillPreview['points'],
  level: TillMemberView['level'],
  settings: Settings,
): string {
  const parts: string[] = [];
  if (points.doubled) parts.push('翻倍');
  if (points.levelPercent !== 100)
    parts.push(`${LEVEL_SHORT_NAMES[level]} ×${points.levelPercent / 100}`);
  return parts.length
    ? `${points.base} 分 × ${points.multiplierApplied}（${parts.join('，')}）`
    : earnRateText(settings);
}
