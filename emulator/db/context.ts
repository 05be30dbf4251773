/**
 * What every part of the database emulator shares: the SQLite store, the transaction
 * bookkeeping, the clock and id generator, and the settings of one `createDatabase` call.
 */
import type { Clock } from './ejson';
import type { Store } from './store';
import type { TransactionManager } from './transactions';

export interface DbContext {
  store: Store;
  txm: TransactionManager;
  clock: Clock;
  newId: () => string;
  /** how long a plain write waits for a transaction lock before failing */
  lockWaitMs: number;
  /** database name in error messages when a request carries none */
  defaultEnv: string;
}
