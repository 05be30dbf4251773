/**
 * Waits on state instead of sleeping: runs `check` until it stops throwing (an `expect`
 * inside it passes) or the timeout runs out, then rethrows the last failure. Works under
 * any test runner.
 *
 *   await waitFor(async () => expect(await text('.points')).toBe('496'));
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/** Fails the test with a message (for branches a test must never take). */
export function fail(message: string): never {
  throw new Error(message);
}
