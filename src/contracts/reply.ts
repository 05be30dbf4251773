/** The envelope every callable cloud function answers with. */
export type ReplyError = { code: string; message: string; details?: unknown };
export type Ok<T> = { ok: true; data: T };
export type Err = { ok: false; error: ReplyError };
export type Reply<T> = Ok<T> | Err;

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data });
export const err = (error: ReplyError): Err => ({ ok: false, error });
