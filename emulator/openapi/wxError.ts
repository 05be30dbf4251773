/**
 * WeChat answers errors as data, `{ errcode, errmsg }`, with a request id appended to the
 * message ("invalid openid rid: 64e41852-…"). The emulator uses the invocation id as rid.
 */
export interface WxError {
  errcode: number;
  errmsg: string;
}

export type WxJson = Record<string, unknown> & { errcode: number; errmsg: string };

export function wxError(errcode: number, message: string, rid?: string | null): WxError & WxJson {
  return { errcode, errmsg: rid ? `${message} rid: ${rid}` : message };
}

export function wxOk<T extends Record<string, unknown>>(fields?: T): WxJson & T {
  return { errcode: 0, errmsg: 'ok', ...(fields ?? ({} as T)) };
}
