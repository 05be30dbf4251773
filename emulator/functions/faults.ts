/**
 * Fault injection (emulator only; nothing in cloudfunctions/ knows about it): make the next
 * invocation(s) of a function die right after its k-th tcb-api request has been APPLIED —
 * the database wrote it (or the open API ran), then the instance is killed before it sees
 * the answer, as a timeout or a recycled instance would. No retry follows.
 * Requests already on the wire in parallel when the k-th is applied get no answer at all.
 *
 *   emulator.faults.arm({ fn: 'staff', afterRequest: 3 })   // the next `staff` call dies after request 3
 *
 * Requests are counted like the request stats (every tcb-api call of the invocation). Once
 * the k-th request has been admitted, any other request of that invocation (a parallel one
 * already on the wire, a compensation in a catch block) is refused unapplied: nothing the
 * function does after its k-th request reaches the database.
 *
 * A transaction the dead instance left open is aborted at once. On CloudBase it would stay
 * until its lifetime ran out (≤ 30 s), far less than any reconciliation grace period, so
 * ending it at the kill changes nothing a later observer can see — except that a test
 * need not wait 30 s.
 */

export type FaultPlan = {
  /** function name */
  fn: string;
  /** die right after this request (1-based) has been applied */
  afterRequest: number;
  /** how many invocations in a row to kill (default 1) */
  invocations?: number;
};

export type Kill = { fn: string; invocationId: string; afterRequest: number };

type Live = {
  fn: string;
  afterRequest: number;
  admitted: number;
  transactions: Set<string>;
  dead: boolean;
  /** resolves when the instance has been killed */
  killed: Promise<void>;
  markKilled: () => void;
};

export type Faults = ReturnType<typeof createFaults>;

export function createFaults(deps: {
  /** aborts a transaction on the database (the `database.abortTransaction` action) */
  abortTransaction: (transactionId: string) => Promise<unknown>;
}) {
  const armed: { fn: string; afterRequest: number; left: number }[] = [];
  const live = new Map<string, Live>();
  const kills: Kill[] = [];
  let killInstance: (invocationId: string) => Promise<void> = async () => {};

  return {
    arm(plan: FaultPlan): void {
      if (!Number.isInteger(plan.afterRequest) || plan.afterRequest < 1)
        throw new Error('faults.arm: afterRequest must be a positive integer');
      armed.push({ fn: plan.fn, afterRequest: plan.afterRequest, left: plan.invocations ?? 1 });
    },
    /** forget armed faults and watched invocations not yet killed (the dead stay dead) */
    disarm(): void {
      armed.length = 0;
      for (const [id, l] of live) if (!l.dead) live.delete(id);
    },
    /** invocations killed so far, oldest first */
    kills: (): Kill[] => [...kills],
    /** how the runner kills an instance (set once by the emulator) */
    attach(kill: (invocationId: string) => Promise<void>): void {
      killInstance = kill;
    },

    // ---- hooks: functions/runner.ts ----
    onInvoke(fn: string, invocationId: string): void {
      const i = armed.findIndex((a) => a.fn === fn);
      if (i < 0) return;
      const a = armed[i];
      if (--a.left <= 0) armed.splice(i, 1);
      let markKilled = () => {};
      const killed = new Promise<void>((resolve) => (markKilled = resolve));
      live.set(invocationId, {
        fn,
        afterRequest: a.afterRequest,
        admitted: 0,
        transactions: new Set(),
        dead: false,
        killed,
        markKilled,
      });
    },

    // ---- hooks: tcb/endpoint.ts ----
    /**
     * May this request be applied? null: the instance is dying, refuse it unapplied;
     * otherwise its ticket (its number within the invocation, 0 when not watched).
     */
    admit(invocationId: string): number | null {
      const l = live.get(invocationId);
      if (!l) return 0;
      if (l.admitted >= l.afterRequest) return null;
      return ++l.admitted;
    },
    /**
     * A refused request (`admit` answered null) is held until the instance is dead, as a
     * request on the wire of a dying instance gets no answer: the function never learns of
     * the refusal before its k-th request has been applied and it is killed.
     */
    whenDead(invocationId: string): Promise<void> {
      return live.get(invocationId)?.killed ?? Promise.resolve();
    },
    /**
     * The request was applied: true when the instance has just been killed (send no
     * answer). Tracks the invocation's open transactions, to abort them at the kill.
     */
    async applied(
      invocationId: string,
      ticket: number,
      action: string,
      params: Record<string, unknown>,
      answer: Record<string, unknown>,
    ): Promise<boolean> {
      const l = live.get(invocationId);
      if (!l) return false;
      if (action === 'database.startTransaction' && typeof answer.transactionId === 'string')
        l.transactions.add(answer.transactionId);
      if (action === 'database.commitTransaction' || action === 'database.abortTransaction')
        l.transactions.delete(String(params.transactionId ?? ''));
      if (ticket !== l.afterRequest) return false;
      // the entry stays: later requests of this invocation are refused (admitted ≥ afterRequest)
      l.dead = true;
      kills.push({ fn: l.fn, invocationId, afterRequest: l.afterRequest });
      await killInstance(invocationId);
      for (const id of l.transactions) await deps.abortTransaction(id);
      l.markKilled();
      return true;
    },
  };
}
