/**
 * Test controls of the service-account stand-in (emulator only; WeChat has none of this):
 * how often each API was called (`calls()`: the figure behind "one stable_token per token
 * life"), and failures armed for the next calls of an API:
 *
 *   control.arm({ api: 'message/template/send', fail: { status: 503 } })           // 5xx, nothing sent
 *   control.arm({ api: 'message/template/send', fail: { errcode: -1 } })           // system busy, nothing sent
 *   control.arm({ api: 'message/template/send', fail: { status: 503 }, applied: true }) // delivered, then a 5xx
 *   control.arm({ api: 'message/template/send', fail: { drop: true }, applied: true })  // delivered, connection dropped
 *
 * `followerPageSize` lowers user/get's page size (10,000 at WeChat) so paging can be tested
 * with a handful of followers.
 */
export type InjectedFailure =
  | { status: number }
  | { errcode: number; errmsg?: string }
  | { drop: true };

export type ArmedFailure = {
  /** the API path after /cgi-bin/, e.g. 'stable_token', 'message/template/send' */
  api: string;
  fail: InjectedFailure;
  /** run the call first (its effects happen), then answer the failure */
  applied?: boolean;
  /** how many calls in a row (default 1) */
  times?: number;
};

export type ServiceAccountControl = ReturnType<typeof createServiceAccountControl>;

export function createServiceAccountControl() {
  const counts = new Map<string, number>();
  const armed: (ArmedFailure & { left: number })[] = [];
  let pageSize = 10_000;
  return {
    arm(plan: ArmedFailure): void {
      armed.push({ ...plan, left: plan.times ?? 1 });
    },
    disarm(): void {
      armed.length = 0;
    },
    /** calls per API since the start (or the last reset) */
    calls(): Record<string, number> {
      return Object.fromEntries(counts);
    },
    resetCalls(): void {
      counts.clear();
    },
    setFollowerPageSize(n: number): void {
      if (!Number.isInteger(n) || n < 1) throw new Error('followerPageSize: a positive integer');
      pageSize = n;
    },
    followerPageSize: (): number => pageSize,
    /** wechatHttp: a call of `api` arrives; answers the failure armed for it, if any */
    take(api: string): ArmedFailure | null {
      counts.set(api, (counts.get(api) ?? 0) + 1);
      const i = armed.findIndex((a) => a.api === api);
      if (i < 0) return null;
      const a = armed[i];
      if (--a.left <= 0) armed.splice(i, 1);
      return a;
    },
  };
}
