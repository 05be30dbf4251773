/**
 * What the cloud's gateways accept before a function runs, and the answers they give
 * otherwise. One request must never end the emulator: every refusal is an answer.
 *
 *  - Size: CloudBase refuses a cloud-function request body above 100 KB for text types and
 *    6 MB for other types with EXCEED_MAX_PAYLOAD_SIZE (docs.cloudbase.net/error-code/
 *    EXCEED_MAX_PAYLOAD_SIZE); wx.cloud.callFunction reports it as "data exceed max size"
 *    (WeChat's callFunction doc advises wx.cloud.CDN above 100 KB).
 *  - Depth: no documented limit. The emulator refuses an event nested deeper than 100 levels,
 *    MongoDB's (and so CloudBase's) document nesting limit: such data could never be stored,
 *    and it would overflow the structured clone that hands the event to the function
 *    instance. The depth is measured without recursion.
 */
const MAX_TEXT_BODY_BYTES = 100 * 1024;
const MAX_OTHER_BODY_BYTES = 6 * 1024 * 1024;
const MAX_EVENT_DEPTH = 100;

export type GatewayRefusal = {
  status: number;
  body: { errCode: number; code: string; errMsg: string };
};

/** The body limit for a request's content type (text: JSON, text/*, form; other: binary). */
export function bodyLimitFor(contentType: string | undefined): number {
  const type = String(contentType ?? '').toLowerCase();
  const text =
    type === '' ||
    type.startsWith('text/') ||
    type.includes('json') ||
    type.includes('xml') ||
    type.startsWith('application/x-www-form-urlencoded');
  return text ? MAX_TEXT_BODY_BYTES : MAX_OTHER_BODY_BYTES;
}

/** How deeply `value` nests objects and arrays (a scalar is 0), counting at most to `stopAt`. */
function nestingDepth(value: unknown, stopAt = MAX_EVENT_DEPTH + 1): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest >= stopAt) return deepest;
    for (const child of Object.values(node as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, level]);
    }
  }
  return deepest;
}

export const refusals = {
  payloadTooLarge: (limit: number): GatewayRefusal => ({
    status: 413,
    body: {
      errCode: -1,
      code: 'EXCEED_MAX_PAYLOAD_SIZE',
      errMsg: `cloud.callFunction:fail Error: data exceed max size (request body above ${limit} bytes)`,
    },
  }),
  tooDeep: (): GatewayRefusal => ({
    status: 400,
    body: {
      errCode: -1,
      code: 'INVALID_PARAM',
      errMsg: `cloud.callFunction:fail Error: data nested deeper than ${MAX_EVENT_DEPTH} levels`,
    },
  }),
  notJson: (): GatewayRefusal => ({
    status: 400,
    body: { errCode: -1, code: 'INVALID_PARAM', errMsg: 'request body is not JSON' },
  }),
  notObject: (): GatewayRefusal => ({
    status: 400,
    body: {
      errCode: -1,
      code: 'INVALID_PARAM',
      errMsg: 'cloud.callFunction:fail Error: data must be an object',
    },
  }),
};

/** Why an event cannot be handed to a function, or null when it can. */
export function refuseEvent(event: unknown): GatewayRefusal | null {
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    return refusals.notObject();
  if (nestingDepth(event) > MAX_EVENT_DEPTH) return refusals.tooDeep();
  return null;
}
