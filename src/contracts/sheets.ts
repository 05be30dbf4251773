/**
 * Excel in and out (the `sheets` function). HQ imports historical customers from an .xlsx or
 * .csv it uploaded to cloud storage (a dry run first: nothing is written); staff export the
 * members they may see to an .xlsx in cloud storage, masked per the ownership rule.
 */
import { z } from 'zod';
import { action } from './define';
import { reportActions } from './reports';

const fileID = z
  .string()
  .regex(/^cloud:\/\/[^/]+\/.+/, '文件地址有误')
  .max(500);

export type ImportPreviewRow = {
  rowNo: number;
  kind: 'create' | 'merge';
  name: string | null;
  phoneMasked: string;
  storeId: string | null;
  clerkId: string | null;
  spendFen: number;
  orderCount: number;
};
export type ImportRejectedRow = { rowNo: number; reason: string; cells: string[] };

export type ImportReport = {
  dryRun: boolean;
  rows: number;
  accepted: number;
  create: number;
  merge: number;
  /** every rejected row (`rejected` lists the first 200) */
  rejectedCount: number;
  rejected: ImportRejectedRow[];
  /** the first accepted rows, as they will be imported */
  preview: ImportPreviewRow[];
  /** the real run: rows done so far (a large file takes several calls: call again until done) */
  done: boolean;
  created: number;
  merged: number;
  /** rows of this file imported by an earlier run: not imported again */
  skipped: number;
};

/** A large export takes several calls: call again with `jobId` until `done`. */
export type ExportMembersReply =
  | { done: false; jobId: string; rows: number }
  | {
      done: true;
      jobId: string;
      fileID: string;
      tempFileURL: string;
      rows: number;
      masked: boolean;
    };

export const sheetsContract = {
  importMembers: action(z.object({ fileID, dryRun: z.boolean() })).returns<ImportReport>(),
  /** `mine`: the caller's own customers; `store`: a store's (HQ names it); `chain`: HQ only */
  exportMembers: action(
    z.object({
      scope: z.enum(['mine', 'store', 'chain']),
      storeId: z.string().min(1).max(16).optional(),
      /** continue this export (its first answer was `done: false`) */
      jobId: z.string().min(1).max(64).optional(),
    }),
  ).returns<ExportMembersReply>(),
  /** 经营报表 as an .xlsx (the input of staff.getReport) */
  exportReport: action(reportActions.getReport.input).returns<{
    fileID: string;
    tempFileURL: string;
    sheets: number;
  }>(),
};

export type SheetsContract = typeof sheetsContract;
