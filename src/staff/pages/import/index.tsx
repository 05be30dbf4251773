/**
 * 导入导出 (HQ): import historical customers from an .xlsx / .csv — pick it, upload it to
 * cloud storage, see the dry run (rows to create, to merge with an existing member by phone,
 * rejected with the reason, a preview), then import (a large file continues call after call
 * until done) — and export the chain's members to an .xlsx (sheets.exportMembers).
 * Imported people get no gift and no message (cloudfunctions/sheets/importMembers.ts).
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ImportReport } from '@/contracts/sheets';
import { formatFen } from '@/domain/money';
import { callFunction } from '@/services/cloud';
import { openSheet, pickAndUpload, type PickedFile } from '@/services/files';
import { toCallError } from '@/services/useCall';
import { Button } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import './index.less';

export default function ImportPage() {
  return <StaffGate roles={['hq']}>{() => <ImportBody />}</StaffGate>;
}

function ImportBody() {
  const [file, setFile] = useState<PickedFile | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(null);
    }
  };

  const pick = () =>
    run('上传中…', async () => {
      const picked = await pickAndUpload('imports');
      if (!picked) return;
      setFile(picked);
      setReport(
        await callFunction('sheets', {
          action: 'importMembers',
          fileID: picked.fileID,
          dryRun: true,
        }),
      );
    });

  const importAll = () =>
    run('导入中…', async () => {
      if (!file) return;
      let r: ImportReport;
      do {
        r = await callFunction('sheets', {
          action: 'importMembers',
          fileID: file.fileID,
          dryRun: false,
        });
        setReport(r);
      } while (!r.done);
    });

  const exportChain = () =>
    run('导出中…', async () => {
      // a large chain takes several calls: each reads members until its time is up
      let out = await callFunction('sheets', { action: 'exportMembers', scope: 'chain' });
      while (!out.done) {
        setBusy(`导出中…已读取 ${out.rows} 位会员`);
        out = await callFunction('sheets', {
          action: 'exportMembers',
          scope: 'chain',
          jobId: out.jobId,
        });
      }
      await openSheet(out.tempFileURL);
    });

  return (
    <View className="page staff import" data-testid="import">
      <View className="section">
        <Text className="import__title">导入历史会员</Text>
        <Text className="muted import__hint">
          表头示例：姓名、手机号、累计消费（元）、消费次数、最近消费、门店、店员。先预览，确认后再导入；导入的顾客不发新人礼，也不发消息。
        </Text>
        <Button id="import-pick" type="primary" disabled={!!busy} onClick={() => void pick()}>
          {busy === '上传中…' ? busy : file ? '换一个文件' : '选择表格（.xlsx / .csv）'}
        </Button>
        {file ? <Text className="muted import__file">{file.name}</Text> : null}
      </View>
      {error ? (
        <View className="section">
          <Text className="import__error">{error}</Text>
        </View>
      ) : null}
      {report ? <ReportView report={report} /> : null}
      {report?.dryRun && report.accepted > 0 ? (
        <View className="section">
          <Button id="import-run" type="primary" disabled={!!busy} onClick={() => void importAll()}>
            {busy === '导入中…' ? busy : `确认导入 ${report.accepted} 行`}
          </Button>
        </View>
      ) : null}
      <View className="section">
        <Text className="import__title">导出会员</Text>
        <Button id="export-chain" disabled={!!busy} onClick={() => void exportChain()}>
          {busy?.startsWith('导出中…') ? busy : '导出全部会员（.xlsx）'}
        </Button>
      </View>
    </View>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  return (
    <View className="section import__report" data-testid="import-report">
      <Text className="import__summary">
        {report.dryRun
          ? `预览：共 ${report.rows} 行，可导入 ${report.accepted} 行（新建 ${report.create}，合并 ${report.merge}），未通过 ${report.rejectedCount} 行`
          : report.done
            ? `导入完成：新建 ${report.created} 人，合并 ${report.merged} 人，已导入过 ${report.skipped} 人`
            : `正在导入…已处理 ${report.created + report.merged + report.skipped} / ${report.accepted} 行`}
      </Text>
      {report.rejected.length ? (
        <View className="import__rejected">
          <Text className="import__subtitle">未通过的行</Text>
          {report.rejected.map((r) => (
            <Text key={r.rowNo} className="import__row import__row--bad">
              第 {r.rowNo} 行：{r.reason}
            </Text>
          ))}
        </View>
      ) : null}
      {report.dryRun && report.preview.length ? (
        <View className="import__preview">
          <Text className="import__subtitle">预览</Text>
          {report.preview.map((p) => (
            <Text key={p.rowNo} className="import__row">
              第 {p.rowNo} 行 · {p.kind === 'create' ? '新建' : '合并到已有会员'} ·{' '}
              {p.name ?? '（无姓名）'} {p.phoneMasked} · {formatFen(p.spendFen)} · {p.orderCount} 次
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
