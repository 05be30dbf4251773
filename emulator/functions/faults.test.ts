import { describe, expect, it } from '@jest/globals';
import { createFaults } from './faults';

function harness() {
  const killed: string[] = [];
  const aborted: string[] = [];
  const faults = createFaults({
    abortTransaction: async (id) => {
      aborted.push(id);
    },
  });
  faults.attach(async (id) => {
    killed.push(id);
  });
  /** one request of an invocation: admitted? killed after it? */
  const request = async (
    inv: string,
    action = 'database.getDocument',
    answer = {},
    params = {},
  ) => {
    const ticket = faults.admit(inv);
    if (ticket === null) return 'refused';
    return (await faults.applied(inv, ticket, action, params, answer)) ? 'killed' : 'answered';
  };
  return { faults, killed, aborted, request };
}

describe('faults', () => {
  it('kills the armed function right after its k-th request, and refuses every later one', async () => {
    const { faults, killed, request } = harness();
    faults.arm({ fn: 'staff', afterRequest: 2 });
    faults.onInvoke('staff', 'inv1');
    expect(await request('inv1')).toBe('answered');
    expect(await request('inv1')).toBe('killed');
    expect(await request('inv1')).toBe('refused');
    faults.disarm();
    expect(await request('inv1')).toBe('refused'); // the dead stay dead
    expect(killed).toEqual(['inv1']);
    expect(faults.kills()).toEqual([{ fn: 'staff', invocationId: 'inv1', afterRequest: 2 }]);
  });

  it('holds a parallel request refused on the wire until the instance is dead', async () => {
    const { faults, killed } = harness();
    faults.arm({ fn: 'tags', afterRequest: 1 });
    faults.onInvoke('tags', 'inv');
    const first = faults.admit('inv')!;
    expect(faults.admit('inv')).toBeNull(); // a parallel one, refused
    let released = false;
    const held = faults.whenDead('inv').then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false); // not answered before the kill
    expect(await faults.applied('inv', first, 'database.updateDocument', {}, {})).toBe(true);
    await held;
    expect(released).toBe(true);
    expect(killed).toEqual(['inv']);
    await expect(faults.whenDead('not-watched')).resolves.toBeUndefined();
  });

  it('leaves other functions and later invocations alone', async () => {
    const { faults, killed, request } = harness();
    faults.arm({ fn: 'mall', afterRequest: 1 });
    faults.onInvoke('staff', 'other');
    expect(await request('other')).toBe('answered');
    faults.onInvoke('mall', 'first');
    faults.onInvoke('mall', 'second');
    expect(await request('second')).toBe('answered');
    expect(await request('first')).toBe('killed');
    expect(killed).toEqual(['first']);
  });

  it('kills as many invocations in a row as asked', async () => {
    const { faults, killed, request } = harness();
    faults.arm({ fn: 'pos', afterRequest: 1, invocations: 2 });
    for (const id of ['a', 'b', 'c']) faults.onInvoke('pos', id);
    for (const id of ['a', 'b', 'c']) await request(id);
    expect(killed).toEqual(['a', 'b']);
  });

  it('a request admitted before the k-th that answers after it is not the one that kills', async () => {
    const { faults, killed } = harness();
    faults.arm({ fn: 'staff', afterRequest: 2 });
    faults.onInvoke('staff', 'inv');
    const first = faults.admit('inv')!;
    const second = faults.admit('inv')!;
    expect(await faults.applied('inv', first, 'database.getDocument', {}, {})).toBe(false);
    expect(killed).toEqual([]);
    expect(await faults.applied('inv', second, 'database.getDocument', {}, {})).toBe(true);
    expect(killed).toEqual(['inv']);
  });

  it('aborts the transactions the dead instance left open, not the ones it finished', async () => {
    const { faults, aborted, request } = harness();
    faults.arm({ fn: 'mall', afterRequest: 4 });
    faults.onInvoke('mall', 'inv');
    await request('inv', 'database.startTransaction', { transactionId: 'tx1' });
    await request('inv', 'database.commitTransaction', {}, { transactionId: 'tx1' });
    await request('inv', 'database.startTransaction', { transactionId: 'tx2' });
    expect(await request('inv', 'database.updateDocument', {}, { transactionId: 'tx2' })).toBe(
      'killed',
    );
    expect(aborted).toEqual(['tx2']);
  });

  it('refuses nonsense plans', () => {
    const { faults } = harness();
    expect(() => faults.arm({ fn: 'staff', afterRequest: 0 })).toThrow(/positive integer/);
  });
});
