import { isDate } from 'node:util/types';
/*
 * Errors the emulated CloudBase database answers with. On the wire an error is
 * `{code, message, requestId}` with HTTP 200, as tcb-api answers; wx-server-sdk turns
 * `code` into `errCode` (DATABASE_REQUEST_FAILED → -502001, DATABASE_COLLECTION_NOT_EXIST →
 * -502005, anything it does not know → -501001) and prefixes `message` with the API name.
 * Codes and message texts follow what CloudBase has been observed to return.
 */

export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

export interface DuplicateKeyInfo {
  env: string;
  collection: string;
  index: string;
  key: Record<string, unknown>;
  operation: 'insert' | 'update';
}

const PLEASE_CHECK = 'Please check your request, but if the problem persists, contact us.';

function formatKeyValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (isDate(value)) return `new Date(${value.getTime()})`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `{ phone: "138…" }` / `{ storeId: "s1", receiptNo: "r1" }`, as MongoDB 4.2+ prints keys. */
function formatDupKey(key: Record<string, unknown>): string {
  const parts = Object.entries(key).map(([field, value]) => `${field}: ${formatKeyValue(value)}`);
  return `{ ${parts.join(', ')} }`;
}

/** MongoDB's write error text wrapped the way CloudBase (Go driver) reports it. */
function writeErrorMessage(mongoMessage: string, operation: 'insert' | 'update'): string {
  return operation === 'insert'
    ? `[FailedOperation.Insert] bulk write error: [{${mongoMessage}}]`
    : `[FailedOperation] multiple write errors: [{write errors: [{${mongoMessage}}]}, {<nil>}]`;
}

export const dbErrors = {
  collectionNotExist: (collection: string) =>
    new DbError(
      'DATABASE_COLLECTION_NOT_EXIST',
      `[ResourceNotFound] Db or Table not exist: ${collection}. ${PLEASE_CHECK}`,
    ),
  collectionExists: (collection: string) =>
    new DbError(
      'DATABASE_COLLECTION_ALREADY_EXIST',
      `[ResourceUnavailable.ResourceExist] Table exist: ${collection}.`,
    ),
  invalidParam: (message: string) => new DbError('INVALID_PARAM', message),
  /** A MongoDB write error (bad update path, non-numeric $inc …). */
  writeFailed: (mongoMessage: string, operation: 'insert' | 'update' = 'update') =>
    new DbError('DATABASE_REQUEST_FAILED', writeErrorMessage(mongoMessage, operation)),
  duplicateKey: (info: DuplicateKeyInfo) =>
    new DbError(
      'DATABASE_REQUEST_FAILED',
      writeErrorMessage(
        `E11000 duplicate key error collection: ${info.env}.${info.collection} index: ${info.index} dup key: ${formatDupKey(info.key)}`,
        info.operation,
      ),
    ),
  transactionConflict: (detail?: string) =>
    new DbError(
      'DATABASE_TRANSACTION_CONFLICT',
      `[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. ${PLEASE_CHECK}` +
        (detail ? ` (${detail})` : ''),
    ),
  transactionNotFound: (transactionId: string, state: string) =>
    new DbError(
      'DATABASE_TRANSACTION_FAIL',
      `[ResourceNotFound.Transaction] transaction ${transactionId} ${state}. ${PLEASE_CHECK}`,
    ),
  /** docs.cloudbase.net/error-code/DATABASE_TRANSACTION_FAIL: gone after 30 s. */
  transactionExpired: (transactionId: string) =>
    new DbError(
      'DATABASE_TRANSACTION_FAIL',
      `[ResourceNotFound.Transaction] transaction ${transactionId} does not exist: a transaction must be committed or aborted within 30 seconds. ${PLEASE_CHECK}`,
    ),
  /** MongoDB answers a request on a transaction whose previous request it aborted with NoSuchTransaction. */
  parallelInTransaction: (transactionId: string) =>
    new DbError(
      'DATABASE_TRANSACTION_FAIL',
      `[FailedOperation.Transaction] NoSuchTransaction: transaction ${transactionId} received a request while another of its requests was in progress and was aborted; operations inside one transaction must run one after another (no Promise.all). ${PLEASE_CHECK}`,
    ),
  batchInTransaction: () =>
    new DbError(
      'DATABASE_REQUEST_FAILED',
      '[InvalidParameter] only single-document operations (doc().get/update/set/remove, add) are allowed in a transaction',
    ),
  invalidAction: (action: string) =>
    new DbError(
      'INVALID_PARAM',
      `[InvalidParameter.Action] action is invalid or not found: ${action}`,
    ),
};

export function errorBody(error: unknown): { code: string; message: string } {
  if (error instanceof DbError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'SYS_ERR', message: `[InternalError] ${message}` };
}
