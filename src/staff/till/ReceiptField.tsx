/**
 * The receipt number of the till's own receipt, typed (H5, or weapp) or scanned from the
 * receipt's barcode (weapp). It is required and never made up: (store, receipt number) is
 * what makes one receipt count once.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@/components/nut';
import { CAN_SCAN, scanText } from './scan';
import './ReceiptField.less';

export function ReceiptField(props: {
  value: string;
  /** shown after a submit attempt (or once something is typed) */
  problem: string | null;
  attempted: boolean;
  onChange: (value: string) => void;
}) {
  const { value, problem, attempted, onChange } = props;
  const [scanError, setScanError] = useState<string | null>(null);
  const scan = async () => {
    setScanError(null);
    const out = await scanText();
    if ('text' in out) onChange(out.text);
    else if ('failed' in out) setScanError('没有识别到小票号，请重新扫码或手动输入');
  };
  const shown = scanError ?? (problem && (attempted || value.trim() !== '') ? problem : null);
  return (
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
          placeholder={CAN_SCAN ? '扫描或输入收银小票上的小票号' : '输入收银小票上的小票号'}
          value={value}
          onChange={(v) => {
            setScanError(null);
            onChange(v);
          }}
        />
        {CAN_SCAN ? (
          <Button
            id="scan-receipt"
            className="till-receipt__scan"
            size="small"
            onClick={() => void scan()}
          >
            扫码
          </Button>
        ) : null}
      </View>
      {shown ? <Text className="till-line__error till-receipt__error">{shown}</Text> : null}
    </View>
  );
}
