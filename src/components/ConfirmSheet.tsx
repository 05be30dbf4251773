/**
 * A bottom sheet (components/Sheet) that asks before something that cannot be taken back
 * — spending points, refunding money — or shows what happened, with its buttons.
 *
 *   <ConfirmSheet open={asking} title="确认兑换" confirmText="确认兑换" busy={sending}
 *     onConfirm={redeem} onCancel={() => setAsking(false)}>…what happens…</ConfirmSheet>
 *
 * Button ids for tests: `${id}-confirm`, `${id}-cancel`.
 */
import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button } from './nut';
import { Sheet } from './Sheet';
import './ConfirmSheet.less';

type Props = {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmText: string;
  /** null: a single button (e.g. a result to acknowledge) */
  cancelText?: string | null;
  /** a call is in flight: buttons disabled, the mask does not close, the button says so */
  busy?: boolean;
  busyText?: string;
  /** shown under the content, e.g. the reply's message */
  error?: string | null;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  id?: string;
};

export function ConfirmSheet({
  open,
  title,
  children,
  confirmText,
  cancelText = '取消',
  busy = false,
  busyText = '请稍候…',
  error,
  danger = false,
  onConfirm,
  onCancel,
  id = 'sheet',
}: Props) {
  return (
    <Sheet
      open={open}
      title={title}
      onClose={busy ? undefined : onCancel}
      className="confirm-sheet"
    >
      <View className="confirm-sheet__body">{children}</View>
      {error ? <View className="error-text confirm-sheet__error">{error}</View> : null}
      <View className="confirm-sheet__actions">
        {cancelText !== null ? (
          <Button
            id={`${id}-cancel`}
            className="confirm-sheet__cancel"
            fill="outline"
            size="large"
            disabled={busy}
            onClick={onCancel}
          >
            {cancelText}
          </Button>
        ) : null}
        <Button
          id={`${id}-confirm`}
          className="confirm-sheet__confirm"
          type={danger ? 'danger' : 'primary'}
          size="large"
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? busyText : confirmText}
        </Button>
      </View>
    </Sheet>
  );
}
