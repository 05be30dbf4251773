/**
 * A copy of everything stored (`exportData`): the clipboard on weapp (how a member takes
 * the data out there), also a file download on H5, with a summary of what it holds.
 */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { callFunction } from '@/services/cloud';
import { toCallError } from '@/services/useCall';
import { formatFullDateTime } from '@/components/format';
import { Button } from '@/components/nut';

/** Names of the exported collections, in the order the summary lists them. */
const EXPORT_LABELS: Record<string, string> = {
  member: '会员资料',
  orders: '消费记录',
  refunds: '退款记录',
  coupons: '优惠券',
  pointsLedger: '积分明细',
  pointLots: '积分批次',
  redemptions: '兑换记录',
  consents: '同意记录',
  subscriptions: '消息订阅',
  outbox: '消息记录',
  identities: '微信身份',
};

/** '会员资料 1 条，消费记录 23 条，…' (empty parts left out) */
function exportSummary(data: Record<string, unknown>): string {
  const count = (v: unknown) => (Array.isArray(v) ? v.length : v ? 1 : 0);
  const known = Object.keys(EXPORT_LABELS).filter((k) => count(data[k]) > 0);
  const others = Object.keys(data)
    .filter((k) => !(k in EXPORT_LABELS))
    .reduce((n, k) => n + count(data[k]), 0);
  const parts = known.map((k) => `${EXPORT_LABELS[k]} ${count(data[k])} 条`);
  if (others > 0) parts.push(`其他记录 ${others} 条`);
  return parts.join('，');
}

type Exported = { json: string; summary: string; url: string | null };

export function ExportSection() {
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<Exported | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const exportData = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const res = await callFunction('member', { action: 'exportData' });
      const json = JSON.stringify(res, null, 2);
      const summary = `导出时间 ${formatFullDateTime(res.exportedAt)}：${exportSummary(res.data)}`;
      let url: string | null = null;
      if (process.env.TARO_ENV === 'h5') {
        if (exported?.url) URL.revokeObjectURL(exported.url);
        url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      }
      // weapp: the clipboard is how a member takes the data out; H5 also has the file
      // (the summary below says it was copied, so WeChat's own toast is hidden)
      await Taro.setClipboardData({ data: json }).then(
        () => void Taro.hideToast(),
        () => undefined,
      );
      setExported({ json, summary, url });
    } catch (e) {
      setExportError(toCallError(e).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <View className="section">
      <View className="section-title">我的数据</View>
      <Text className="privacy__text">您可以随时获取我们保存的关于您的全部数据（JSON 格式）。</Text>
      <Button
        id="export-data"
        className="privacy__button"
        type="primary"
        fill="outline"
        block
        disabled={exporting}
        onClick={() => void exportData()}
      >
        {exporting ? '正在导出…' : '导出我的数据'}
      </Button>
      {exported ? (
        <View className="privacy__exported" data-testid="export-summary">
          <Text className="privacy__exported-title">已复制到剪贴板</Text>
          <Text className="privacy__exported-text">{exported.summary}</Text>
          {process.env.TARO_ENV === 'h5' && exported.url ? (
            <a className="privacy__download" href={exported.url} download="我的会员数据.json">
              下载 JSON 文件
            </a>
          ) : null}
        </View>
      ) : null}
      {exportError ? <View className="error-text">{exportError}</View> : null}
    </View>
  );
}
