/**
 * Spreadsheets in and out of cloud storage: `cloud.downloadFile` / `cloud.uploadFile` of the
 * real SDK (the emulator answers them, emulator/tcb/storage.ts), read and written with
 * exceljs. A .csv is read here (UTF-8 with or without BOM, or GB18030 as Excel in China
 * saves it); an .xlsx's first worksheet is read cell by cell (dates as 'YYYY-MM-DD',
 * formulas as their result, rich text as its text).
 */
import * as cloud from 'wx-server-sdk';
import ExcelJS from 'exceljs';
import { AppError } from '@/contracts/errors';
import type { SheetCell } from '@/domain/importRows';

export async function downloadSheetFile(fileID: string): Promise<Buffer> {
  try {
    const res = (await cloud.downloadFile({ fileID })) as { fileContent: Buffer };
    return Buffer.from(res.fileContent);
  } catch (e) {
    const code = (e as { code?: string; errCode?: number }).code;
    if (code === 'STORAGE_FILE_NONEXIST' || (e as { errCode?: number }).errCode === -503003)
      throw new AppError('FILE.NOT_FOUND');
    throw e;
  }
}

export async function uploadSheetFile(cloudPath: string, content: Buffer) {
  const up = (await cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
  return fileLink(up.fileID);
}

/** A file with a download URL valid for an hour. */
export async function fileLink(fileID: string): Promise<{ fileID: string; tempFileURL: string }> {
  const urls = (await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: 3600 }] })) as {
    fileList: { tempFileURL: string }[];
  };
  return { fileID, tempFileURL: urls.fileList[0]?.tempFileURL ?? '' };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function cellOf(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dayOf(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
    return null;
  }
  return value;
}

/** The cells of a CSV text (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): SheetCell[][] {
  const rows: SheetCell[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

function decodeText(bytes: Buffer): string {
  const text = (() => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('gb18030').decode(bytes);
    }
  })();
  return text.replace(/^\uFEFF/, '');
}

/** The rows of the file's first sheet, or FILE.UNREADABLE. */
export async function readSheet(fileID: string, bytes: Buffer): Promise<SheetCell[][]> {
  const isZip = bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (!isZip) {
    if (/\.csv$/i.test(fileID)) return parseCsv(decodeText(bytes));
    throw new AppError('FILE.UNREADABLE');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('FILE.UNREADABLE');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('FILE.UNREADABLE');
  const rows: SheetCell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellOf(cell.value);
    });
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

export type SheetColumn = { header: string; width: number };

/** An .xlsx of one sheet: a bold header row, then the rows. */
export const writeSheet = (
  name: string,
  columns: SheetColumn[],
  rows: (string | number | null)[][],
): Promise<Buffer> => writeWorkbook([{ name, columns, rows }]);

/** An .xlsx of several sheets, each a bold header row, then its rows. */
export async function writeWorkbook(
  sheets: readonly { name: string; columns: SheetColumn[]; rows: (string | number | null)[][] }[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '门店会员 CRM';
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    sheet.columns = s.columns.map((c) => ({ header: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    for (const r of s.rows) sheet.addRow(r);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
