import { sheetsContract, type SheetsContract } from '@/contracts/sheets';
import { createCallable, type Handlers } from '../_shared/callable';
import { importMembers } from './importMembers';
import { exportMembers } from './exportMembers';
import { exportReport } from './exportReport';

const handlers: Handlers<SheetsContract> = {
  importMembers: (req, ctx) => importMembers(ctx, req),
  exportMembers: (req, ctx) => exportMembers(ctx, req),
  exportReport: (req, ctx) => exportReport(ctx, req),
};

export const main = createCallable('sheets', sheetsContract, handlers);
