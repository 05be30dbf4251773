/*
 * Transaction bookkeeping, following CloudBase's documented model (guide/database/transaction):
 *  1. reads inside a transaction see a snapshot taken when it started;
 *  2. its writes change only its snapshot and put a transaction lock on the document;
 *  3. another transaction writing a locked document fails at once (DATABASE_TRANSACTION_CONFLICT),
 *     a plain (non-transactional) write blocks until the lock is released or a timeout;
 *  4. commit writes the snapshot's changes atomically.
 * Like MongoDB, a transactional write to a document that someone else changed after the
 * transaction started is a conflict too, and a transaction that hit a conflict (or a write
 * error) is aborted on the server: later calls on it, commit included, fail.
 *
 * Snapshots are kept as pre-images: when a committed write touches a document, every active
 * transaction that has not recorded that document yet keeps its previous text. A transaction
 * reads (in order) its own pending write, its pre-image, the stored document.
 *
 * Time limits (real time, not the emulator clock, which tests often freeze): a transaction
 * must be committed or aborted within `lifetimeMs` of its start (CloudBase: 30 s, after
 * which it "does not exist on server", DATABASE_TRANSACTION_FAIL), and an abandoned one
 * expires after `timeoutMs` without activity.
 *
 * One request at a time: MongoDB drivers do not support parallel operations inside one
 * transaction, so a request that arrives while another request of the same transaction is
 * in flight fails and aborts the transaction. Every transactional request is in flight for
 * at least `opMs` (a database round trip): the second request of a `Promise.all` is caught
 * when it arrives within that time (almost always; a heavily loaded machine can delay it
 * longer), while awaited, sequential requests never overlap, so correct code is never refused.
 */
import type { Doc } from './ejson';
import { dbErrors } from './errors';
import type { DocId } from './store';

export interface PendingWrite {
  collection: string;
  id: DocId;
  /** The document after the transaction's writes; null = deleted. */
  doc: Doc | null;
}

export type TxStatus = 'active' | 'committed' | 'aborted';

export interface Tx {
  readonly id: string;
  status: TxStatus;
  abortReason?: string;
  readonly startedAt: number;
  lastUsed: number;
  /** a request of this transaction is being served */
  inFlight: boolean;
  /** Pre-images of documents changed by others since this transaction started (null = absent). */
  readonly snapshot: Map<string, string | null>;
  readonly writes: Map<string, PendingWrite>;
  readonly done: Promise<void>;
  finish(): void;
}

export function docKey(collection: string, id: DocId): string {
  return `${collection}\u0000${typeof id === 'number' ? 'n' : 's'}${id}`;
}

export class TransactionManager {
  private readonly txs = new Map<string, Tx>();
  private readonly locks = new Map<string, Tx>();
  private readonly finished = new Map<string, string>();

  constructor(
    private readonly opts: {
      timeoutMs: number;
      lifetimeMs: number;
      opMs: number;
      now: () => number;
      newId: () => string;
    },
  ) {}

  start(): Tx {
    this.sweep();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const tx: Tx = {
      id: this.opts.newId(),
      status: 'active',
      startedAt: this.opts.now(),
      lastUsed: this.opts.now(),
      inFlight: false,
      snapshot: new Map(),
      writes: new Map(),
      done,
      finish,
    };
    this.txs.set(tx.id, tx);
    return tx;
  }

  /** The active transaction with this id; throws the error CloudBase gives for an unusable one. */
  use(id: string): Tx {
    this.sweep();
    const tx = this.txs.get(id);
    if (tx && tx.status === 'active') {
      tx.lastUsed = this.opts.now();
      return tx;
    }
    const reason = this.finished.get(id);
    if (reason === 'conflict')
      throw dbErrors.transactionConflict(`transaction ${id} was aborted: ${reason}`);
    if (reason === 'expired') throw dbErrors.transactionExpired(id);
    if (reason === 'parallel') throw dbErrors.parallelInTransaction(id);
    throw dbErrors.transactionNotFound(id, reason ? `is already ${reason}` : 'does not exist');
  }

  /**
   * Serves one request of transaction `id`: refuses (and aborts the transaction) when another
   * of its requests is in flight, else runs `serve` and stays in flight for at least `opMs`.
   */
  async exclusive<T>(id: string, serve: () => Promise<T>): Promise<T> {
    const tx = this.txs.get(id);
    if (!tx || tx.status !== 'active') return serve(); // `use` answers why it is unusable
    if (tx.inFlight) {
      this.abort(tx, 'parallel');
      throw dbErrors.parallelInTransaction(id);
    }
    tx.inFlight = true;
    const started = this.opts.now();
    try {
      return await serve();
    } finally {
      const rest = this.opts.opMs - (this.opts.now() - started);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      tx.inFlight = false;
    }
  }

  active(): Tx[] {
    return [...this.txs.values()].filter((tx) => tx.status === 'active');
  }

  holderOf(key: string): Tx | undefined {
    const holder = this.locks.get(key);
    return holder && holder.status === 'active' ? holder : undefined;
  }

  /** Throws (and aborts `tx`) if its write on `key` conflicts; otherwise takes the lock. */
  lockForWrite(tx: Tx, key: string): void {
    const holder = this.holderOf(key);
    if (holder && holder !== tx) {
      this.abort(tx, 'conflict');
      throw dbErrors.transactionConflict('the document is locked by another transaction');
    }
    if (tx.snapshot.has(key)) {
      this.abort(tx, 'conflict');
      throw dbErrors.transactionConflict('the document was changed after the transaction started');
    }
  }

  recordWrite(tx: Tx, key: string, write: PendingWrite): void {
    this.locks.set(key, tx);
    tx.writes.set(key, write);
  }

  /** Called for every committed change: active transactions keep the previous version. */
  noteCommittedChange(key: string, previous: string | null, writer?: Tx): void {
    for (const tx of this.txs.values()) {
      if (tx === writer || tx.status !== 'active' || tx.snapshot.has(key)) continue;
      tx.snapshot.set(key, previous);
    }
  }

  hasActive(): boolean {
    for (const tx of this.txs.values()) if (tx.status === 'active') return true;
    return false;
  }

  commitDone(tx: Tx): void {
    this.end(tx, 'committed', 'committed');
  }

  abort(tx: Tx, reason: 'aborted' | 'conflict' | 'expired' | 'failed' | 'parallel'): void {
    if (tx.status !== 'active') return;
    this.end(tx, 'aborted', reason);
  }

  /** Milliseconds until `tx` expires (idle, or at the end of its lifetime). */
  remainingMs(tx: Tx): number {
    const end = Math.min(tx.lastUsed + this.opts.timeoutMs, tx.startedAt + this.opts.lifetimeMs);
    return Math.max(0, end - this.opts.now());
  }

  sweep(): void {
    const now = this.opts.now();
    for (const tx of this.txs.values()) {
      if (
        tx.status === 'active' &&
        (now - tx.lastUsed >= this.opts.timeoutMs || now - tx.startedAt >= this.opts.lifetimeMs)
      )
        this.abort(tx, 'expired');
    }
  }

  private end(tx: Tx, status: TxStatus, reason: string): void {
    tx.status = status;
    tx.abortReason = status === 'aborted' ? reason : undefined;
    for (const key of tx.writes.keys()) if (this.locks.get(key) === tx) this.locks.delete(key);
    this.txs.delete(tx.id);
    this.finished.set(tx.id, reason);
    if (this.finished.size > 10_000) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
    tx.finish();
  }
}
