/**
 * 导出报表 (sheets.exportReport): 经营报表 as an .xlsx in cloud storage, answered with a
 * temporary download URL. The report is `staff.getReport`'s (same input, same permission:
 * HQ the chain or any store, a manager their own store), laid out by domain/reports/sheet.ts.
 * The report holds no member's name or phone, so nothing needs masking. Every export is in
 * the audit log (`export.report`).
 */
import { reportSheets } from '@/domain/reports/sheet';
import type { ReportDays } from '@/domain/reports/period';
import type { Ctx } from '../_shared/runtime';
import { requireStaff } from '../_shared/repos/staff';
import { appendAudit, auditActor } from '../_shared/repos/audit';
import { getReport } from '../staff/reports';
import type { ReportScopeRequest } from '@/domain/reports/scope';
import { uploadSheetFile, writeWorkbook } from './files';

export async function exportReport(
  ctx: Ctx,
  input: ReportScopeRequest & { days: ReportDays },
): Promise<{ fileID: string; tempFileURL: string; sheets: number }> {
  const staff = await requireStaff(ctx, ['manager', 'hq']);
  const view = await getReport(ctx, input);
  const sheets = reportSheets(view);
  const content = await writeWorkbook(
    sheets.map((s) => ({
      ...s,
      columns: s.columns.map((header) => ({ header, width: Math.max(10, header.length * 2 + 4) })),
    })),
  );
  const scopeName = view.storeId ? `store-${view.storeId}` : view.area ? 'area' : 'chain';
  const cloudPath = `exports/${staff._id}/report-${scopeName}-${input.days}d-${ctx.now}.xlsx`;
  const file = await uploadSheetFile(cloudPath, content);
  await appendAudit(ctx, {
    actor: auditActor(staff),
    action: 'export.report',
    target: { kind: 'report', id: view.area ? `area-${view.area}` : scopeName },
    detail: {
      scope: view.scope,
      storeId: view.storeId,
      title: view.title,
      days: input.days,
      period: view.current.label,
      fileID: file.fileID,
    },
    at: ctx.now,
    source: 'sheets.exportReport',
  });
  return { ...file, sheets: sheets.length };
}
