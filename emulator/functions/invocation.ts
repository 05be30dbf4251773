/**
 * One invocation as the SCF runtime sets it up: who calls (the WeChat context the platform
 * puts in process.env), the `context` argument of `main`, and how a failed one answers.
 */
import type { FunctionSpec } from './discover';

export type CallerIdentity = { openid?: string; appid?: string; unionid?: string; source: string };

export type InvocationResult =
  | { ok: true; result: unknown; invocationId: string; ms: number }
  | { ok: false; errCode: number; errMsg: string; invocationId: string; ms: number };

/** The WeChat context of a call, as the runtime sets it in process.env (a client cannot forge it). */
export function invocationEnv(
  caller: CallerIdentity,
  a: { appid: string; tcbUrl: string; invocationId: string },
): Record<string, string> {
  const env: Record<string, string> = {
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID',
    WX_APPID: caller.appid ?? a.appid,
    TCB_SOURCE: caller.source,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${a.tcbUrl}/${a.invocationId}` }),
  };
  if (caller.openid) env.WX_OPENID = caller.openid;
  if (caller.unionid) env.WX_UNIONID = caller.unionid;
  return env;
}

/** The `context` argument of `main(event, context)`. */
export function invocationContext(spec: FunctionSpec, invocationId: string) {
  return {
    request_id: invocationId,
    function_name: spec.name,
    function_version: '$LATEST',
    namespace: 'local',
    memory_limit_in_mb: 256,
    time_limit_in_ms: spec.timeoutS * 1000,
    environment: JSON.stringify({}),
  };
}

/** An invocation that failed while the function ran (-504002), with the platform's wording. */
export const executeFailure = (invocationId: string, why: string, ms = 0): InvocationResult => ({
  ok: false,
  errCode: -504002,
  errMsg: `functions execute fail: ${why}`,
  invocationId,
  ms,
});
