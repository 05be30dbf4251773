/**
 * 「导出 Excel」 on 经营报表: the report on screen as an .xlsx (sheets.exportReport, the same
 * input as staff.getReport), opened as the member export opens its file.
 */
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ActionInput } from '@/contracts/define';
import type { SheetsContract } from '@/contracts/sheets';
import { callFunction, messageOf } from '@/services/cloud';
import { openSheet } from '@/services/files';

export type ReportInput = Omit<ActionInput<SheetsContract, 'exportReport'>, 'action'>;

export function ExportReportButton({ input, disabled }: { input: ReportInput; disabled: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const out = await callFunction('sheets', { action: 'exportReport', ...input });
      await openSheet(out.tempFileURL);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <View
        id="report-export"
        className={`reports__day reports__export${busy ? ' reports__export--busy' : ''}`}
        onClick={() => (busy || disabled ? undefined : void run())}
      >
        {busy ? '导出中…' : '导出 Excel'}
      </View>
      {error ? <Text className="reports__error">{error}</Text> : null}
    </>
  );
}
