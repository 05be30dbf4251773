/*
 * Cloud-call permissions (云调用权限). A function may call only the open APIs its config.json
 * declares in `permissions.openapi`; any other call fails on the cloud's side with errorCode
 * -604101 in the CommOpenApiResp, which wx-server-sdk surfaces as
 * `{errCode: -604101, errMsg: 'system error: error code: -604101'}` (its callGeneralOpenAPI;
 * CloudBase FAQ "云调用报错 -604101": config.json must list the API, applied on upload).
 * The emulator answers the same bytes, so the real SDK produces the real error.
 */
import { encodeOpenApiError } from './openapiProto';

const OPENAPI_NO_PERMISSION = -604101;

/** Declared open APIs of the function behind an invocation; undefined = no such invocation. */
export type OpenApiPermissions = (invocationId: string) => readonly string[] | undefined;

/** The refusal to send for `api`, or null when the calling function declared it. */
export function refuseUndeclaredOpenApi(
  permissions: OpenApiPermissions | undefined,
  invocationId: string,
  api: string,
): Buffer | null {
  if (!permissions) return null; // a bare tcb endpoint (tests of the open APIs themselves)
  const declared = permissions(invocationId) ?? [];
  return declared.includes(api) ? null : encodeOpenApiError(OPENAPI_NO_PERMISSION);
}
