/** Contracts between the tcb-api endpoint and the emulator parts behind it. */

export interface OpenApiImage {
  contentType: string;
  buffer: Buffer;
}

/**
 * Stand-in for WeChat's open API (`cloud.openapi.*`). `api` is the dotted name
 * (`subscribeMessage.send`), `data` its parameters with snake_case keys (as the SDK converted
 * them). Return the WeChat JSON answer (`{errcode, errmsg, ...}`; errcode ≠ 0 makes the SDK
 * throw) or an image as `{contentType, buffer}`.
 */
export interface OpenApiBackend {
  call(
    api: string,
    data: Record<string, unknown>,
    ctx: { invocationId: string; appid?: string },
  ): Promise<Record<string, unknown> | OpenApiImage>;
}

/** Counts the tcb-api requests each function invocation makes. */
export interface RequestStats {
  record(invocationId: string, action: string): void;
}

/** The database behind `database.*` actions (see emulator/db). */
export interface TcbDatabase {
  handle(action: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
}
