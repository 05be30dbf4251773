/**
 * The one transport from pages to cloud functions.
 *
 *   callFunction('member', { action: 'getCard' })  →  Promise<CardView>
 *
 * Input and output types come from src/contracts. Every function answers a `Reply<T>`
 * envelope; an `{ ok: false }` reply, a failed call or a broken network all become a
 * `CallError` whose `message` can be shown to the shopper as is.
 *
 * weapp: `Taro.cloud.callFunction` (the caller's identity is added by WeChat).
 * h5 (local only): `POST /fn/<name>` on the emulator gateway, with the dev persona's
 * openid in `x-crm-openid`. The H5 branch is guarded by `process.env.TARO_ENV` so the
 * weapp build drops it.
 */
import Taro from '@tarojs/taro';
import type { FunctionName, Functions } from '@/contracts';
import type { ActionInput, ActionName, ActionOutput } from '@/contracts/define';
import type { Reply } from '@/contracts/reply';

export const NETWORK_MESSAGE = '网络不给力，请稍后重试';
export const FAILURE_MESSAGE = '系统繁忙，请稍后再试';

/** Codes of failures that never reached a function's own reply. */
export type TransportCode = 'NETWORK' | 'FUNCTION_FAILED';

export class CallError extends Error {
  /** the reply's stable error code (e.g. 'PHONE.CODE_INVALID') or a TransportCode */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CallError';
    this.code = code;
    // keep instanceof working when the class is compiled down to ES5
    Object.setPrototypeOf(this, CallError.prototype);
  }
}

export function isCallError(e: unknown): e is CallError {
  return (
    e instanceof CallError ||
    (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'CallError')
  );
}

/** Turn anything thrown into a message a shopper can read. */
export function messageOf(e: unknown): string {
  if (isCallError(e)) return e.message;
  return FAILURE_MESSAGE;
}

/** Drops index signatures (zod types an empty object's input as `{ [k: string]: never }`). */
type KnownKeys<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};

export type CallPayload<F extends FunctionName, A extends ActionName<Functions[F]>> = {
  action: A;
} & KnownKeys<ActionInput<Functions[F], A>>;
export type CallResult<F extends FunctionName, A extends ActionName<Functions[F]>> = ActionOutput<
  Functions[F],
  A
>;

let cloudReady = false;

/** Initialise WeChat cloud once; called at launch and, defensively, before each call. */
export function initCloud(): void {
  if (cloudReady) return;
  cloudReady = true;
  if (process.env.TARO_ENV === 'weapp') {
    Taro.cloud.init({ env: CLOUD_ENV, traceUser: true });
  }
}

export async function callFunction<F extends FunctionName, A extends ActionName<Functions[F]>>(
  name: F,
  payload: CallPayload<F, A>,
): Promise<CallResult<F, A>> {
  const reply = await send(name, payload as Record<string, unknown>);
  return unwrap(reply) as CallResult<F, A>;
}

function unwrap(reply: unknown): unknown {
  if (
    typeof reply !== 'object' ||
    reply === null ||
    typeof (reply as { ok?: unknown }).ok !== 'boolean'
  ) {
    throw new CallError('FUNCTION_FAILED', FAILURE_MESSAGE);
  }
  const r = reply as Reply<unknown>;
  if (r.ok) return r.data;
  throw new CallError(r.error.code || 'FUNCTION_FAILED', r.error.message || FAILURE_MESSAGE);
}

async function send(name: string, data: Record<string, unknown>): Promise<unknown> {
  if (process.env.TARO_ENV === 'h5') return sendH5(name, data);
  return sendWeapp(name, data);
}

async function sendWeapp(name: string, data: Record<string, unknown>): Promise<unknown> {
  initCloud();
  try {
    const res = await Taro.cloud.callFunction({ name, data });
    return res.result;
  } catch (e) {
    throw fromWxError(e);
  }
}

/** wx.cloud failures: `{ errCode, errMsg }`. Timeouts and offline are network; the rest is the function's fault. */
function fromWxError(e: unknown): CallError {
  const errMsg = String((e as { errMsg?: unknown })?.errMsg ?? (e as Error)?.message ?? '');
  if (/timeout|network|request:fail|offline|ERR_/i.test(errMsg))
    return new CallError('NETWORK', NETWORK_MESSAGE);
  return new CallError('FUNCTION_FAILED', FAILURE_MESSAGE);
}

const OPENID_KEY = 'crm.openid';

/**
 * H5 only: the dev persona whose WeChat identity the emulator assumes. The emulator's
 * console sets `localStorage['crm.openid']`; a first-time visitor gets a fresh id.
 */
export function h5Openid(): string {
  let id = window.localStorage.getItem(OPENID_KEY);
  if (!id) {
    id = `o_h5_${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36).slice(-4)}`;
    window.localStorage.setItem(OPENID_KEY, id);
  }
  return id;
}

async function sendH5(name: string, data: Record<string, unknown>): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`/fn/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-crm-openid': h5Openid() },
      body: JSON.stringify(data),
    });
  } catch {
    throw new CallError('NETWORK', NETWORK_MESSAGE);
  }
  // 500: the function threw ({ errCode, errMsg }); 502-504: the gateway or its upstream is away.
  if (!res.ok) {
    throw res.status >= 502
      ? new CallError('NETWORK', NETWORK_MESSAGE)
      : new CallError('FUNCTION_FAILED', FAILURE_MESSAGE);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new CallError('FUNCTION_FAILED', FAILURE_MESSAGE);
  }
  return (body as { result?: unknown }).result;
}
