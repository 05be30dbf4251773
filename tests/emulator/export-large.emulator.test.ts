/**
 * A large member export takes several calls (sheets.exportMembers with its job): with a read
 * budget of 1 ms each call reads one page of 1000 members, keeps it in cloud storage and
 * answers `done: false`; the call that reads the last page writes the .xlsx from every part —
 * each member once, in `_id` order — audits it once and removes the parts. Continuing someone
 * else's job, or another scope's, is refused; a finished job answers its file again.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { Reply } from '../../src/contracts/reply';
import type { ExportMembersReply } from '../../src/contracts/sheets';
import { addMember, data, FUNCTION_ENV, find } from './support/loyalty';

const HQ = 'o_test_hq';
const N = 2_345;
let emu: TestEmulator;

beforeAll(async () => {
  emu = await startTestEmulator({
    functionEnv: { ...FUNCTION_ENV, CRM_EXPORT_READ_BUDGET_MS: '1' },
  });
  await emu.seedMinimal();
  for (let i = 0; i < N; i++)
    addMember(emu, {
      id: `m${String(i).padStart(5, '0')}`,
      name: `会员${i}`,
    });
});
afterAll(async () => {
  await emu?.stop();
});

const exportMembers = (input: Record<string, unknown>, openid = HQ) =>
  emu.call<Reply<ExportMembersReply>>('sheets', { action: 'exportMembers', ...input }, openid);

it('reads a page a call, then writes every member once from the parts', async () => {
  const answers: ExportMembersReply[] = [data(await exportMembers({ scope: 'chain' }))];
  while (!answers.at(-1)!.done) {
    const last = answers.at(-1)!;
    answers.push(data(await exportMembers({ scope: 'chain', jobId: last.jobId })));
  }
  const total = find(emu, 'members', { status: 'active' }).length;
  expect(total).toBeGreaterThanOrEqual(N);
  expect(answers.map((a) => a.rows)).toEqual([1000, 2000, total]);
  const done = answers.at(-1)!;
  if (!done.done) throw new Error('not done');
  const res = await fetch(encodeURI(done.tempFileURL));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const phones: string[] = [];
  wb.worksheets[0].eachRow((row, i) => {
    if (i > 1) phones.push(String(row.getCell(3).value));
  });
  expect(phones).toHaveLength(total);
  expect(new Set(phones).size).toBe(total);
  expect(new Set(phones)).toEqual(
    new Set(find(emu, 'members', { status: 'active' }).map((m) => m.phone)),
  );
  expect(find(emu, 'auditLog', { action: 'export.members' })).toHaveLength(1);
  const job = find(emu, 'exportJobs', { _id: done.jobId })[0];
  expect(job).toMatchObject({ readDone: true, rows: total, fileID: done.fileID });
  // the parts were removed; the file stays
  for (const part of job.parts as string[]) expect(emu.storage.read(part)).toBeUndefined();
  expect(emu.storage.read(done.fileID)?.length).toBeGreaterThan(0);

  // asked again: the same file, nothing exported twice
  const again = data(await exportMembers({ scope: 'chain', jobId: done.jobId }));
  expect(again).toMatchObject({ done: true, fileID: done.fileID, rows: total });
  expect(find(emu, 'auditLog', { action: 'export.members' })).toHaveLength(1);
});

it('a job is its starter’s and its scope’s', async () => {
  const first = data(await exportMembers({ scope: 'chain' }));
  expect(first.done).toBe(false);
  expect(
    await exportMembers({ scope: 'store', storeId: 'S001', jobId: first.jobId }),
  ).toMatchObject({ ok: false, error: { code: 'COMMON.NOT_FOUND' } });
  expect(
    await exportMembers({ scope: 'mine', jobId: first.jobId }, 'o_test_clerk_S001'),
  ).toMatchObject({ ok: false, error: { code: 'COMMON.NOT_FOUND' } });
  expect(await exportMembers({ scope: 'chain', jobId: 'exp_nope' })).toMatchObject({
    ok: false,
    error: { code: 'COMMON.NOT_FOUND' },
  });
});
