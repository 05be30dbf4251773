/*
 * The tcb-api wire endpoint. The real wx-server-sdk (→ @cloudbase/node-sdk) POSTs every call to
 * the URL in TCB_CONTEXT_CNFG, here `http://127.0.0.1:<port>/__tcb/<invocationId>?env=…&seqId=…`:
 *  - `database.*`: JSON body `{action, collectionName, query, …}` → the database engine; the answer
 *    is JSON (errors as `{code, message, requestId}`, still HTTP 200, as tcb-api does);
 *  - `wx.openApi`: multipart/form-data with `action`, `apiName` and `requestData` (a protobuf
 *    CommApiData) → `openApi.call(api, data)`; the answer is a protobuf CommOpenApiResp whose
 *    respData is the WeChat JSON (or image bytes) — the SDK decodes it, throws on `errcode`,
 *    converts keys to camelCase, and hands images back as `{contentType, buffer}`;
 *  - anything else: an INVALID_PARAM error body.
 * Every request is counted in `stats` under its invocation id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import busboy from 'busboy';
import { API_TYPE_OPEN_API, decodeOpenApiRequest, encodeOpenApiResponse } from './openapiProto';
import { refuseUndeclaredOpenApi, type OpenApiPermissions } from './openapiPermissions';
import type { OpenApiBackend, OpenApiImage, RequestStats, TcbDatabase } from './types';
import type { Faults } from '../functions/faults';
import type { CloudStorage } from './storage';

export type TcbHandler = (req: IncomingMessage, res: ServerResponse, invocationId: string) => void;

export interface TcbEndpointDeps {
  /** a network round trip before each database request (ms; tests that must see work take time) */
  latencyMs?: number;
  database: TcbDatabase;
  openApi: OpenApiBackend;
  stats: RequestStats;
  /** The open APIs each invocation's function declares; omitted = every API allowed. */
  openApiPermissions?: OpenApiPermissions;
  /** fault injection (tests): kill an invocation right after its k-th request */
  faults?: Faults;
  /** cloud storage (`storage.*` actions); omitted = not emulated */
  storage?: CloudStorage;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

interface ParsedBody {
  fields: Record<string, unknown>;
  files: Record<string, Buffer>;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readMultipart(req: IncomingMessage): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, unknown> = {};
    const files: Record<string, Buffer> = {};
    const parser = busboy({ headers: req.headers, limits: { fileSize: MAX_BODY_BYTES } });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        files[name] = Buffer.concat(chunks);
      });
    });
    parser.on('close', () => resolve({ fields, files }));
    parser.on('error', reject);
    req.pipe(parser);
  });
}

async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) return readMultipart(req);
  const raw = await readRaw(req);
  if (raw.length === 0) return { fields: {}, files: {} };
  const parsed: unknown = JSON.parse(raw.toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('request body must be a JSON object');
  return { fields: parsed as Record<string, unknown>, files: {} };
}

function send(res: ServerResponse, contentType: string, body: Buffer | string): void {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(200, { 'content-type': contentType, 'content-length': payload.length });
  res.end(payload);
}

function sendJson(res: ServerResponse, body: Record<string, unknown>): void {
  send(res, JSON_TYPE, JSON.stringify(body));
}

function isImage(value: unknown): value is OpenApiImage {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as OpenApiImage).contentType === 'string' &&
    Buffer.isBuffer((value as OpenApiImage).buffer)
  );
}

export function createTcbEndpoint(deps: TcbEndpointDeps): TcbHandler {
  let sequence = 0;
  const prefix = randomBytes(4).toString('hex');
  const nextRequestId = () => `${prefix}-${(++sequence).toString(16)}`;

  async function openApi(
    body: ParsedBody,
    invocationId: string,
    res: ServerResponse,
    requestId: string,
    killedAfter: (answer: Record<string, unknown>) => Promise<boolean>,
  ): Promise<void> {
    const api = typeof body.fields.apiName === 'string' ? body.fields.apiName : '';
    const requestData =
      body.files.requestData ??
      (typeof body.fields.requestData === 'string'
        ? Buffer.from(body.fields.requestData, 'latin1')
        : undefined);
    if (!api || !requestData) {
      sendJson(res, {
        code: 'INVALID_PARAM',
        message: 'apiName and requestData are required',
        requestId,
      });
      return;
    }
    const refusal = refuseUndeclaredOpenApi(deps.openApiPermissions, invocationId, api);
    if (refusal) return send(res, 'application/octet-stream', refusal);
    const request = decodeOpenApiRequest(requestData);
    if (request.apiType !== API_TYPE_OPEN_API) {
      sendJson(res, {
        code: 'INVALID_PARAM',
        message: `open api type ${request.apiType} is not emulated`,
        requestId,
      });
      return;
    }
    const answer = await deps.openApi.call(api, request.data, {
      invocationId,
      appid: request.appid,
    });
    if (await killedAfter({})) return void res.destroy();
    const encoded = isImage(answer)
      ? encodeOpenApiResponse(answer.buffer, answer.contentType)
      : encodeOpenApiResponse(Buffer.from(JSON.stringify(answer), 'utf8'), JSON_TYPE);
    send(res, 'application/octet-stream', encoded);
  }

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    invocationId: string,
  ): Promise<void> {
    const requestId = nextRequestId();
    if (req.method !== 'POST') {
      deps.stats.record(invocationId, `(${req.method ?? 'unknown'})`);
      sendJson(res, {
        code: 'INVALID_PARAM',
        message: `method ${req.method} is not allowed`,
        requestId,
      });
      return;
    }
    let body: ParsedBody;
    try {
      body = await readBody(req);
    } catch (error) {
      deps.stats.record(invocationId, '(unparsable)');
      sendJson(res, {
        code: 'INVALID_PARAM',
        message: `invalid request body: ${(error as Error).message}`,
        requestId,
      });
      return;
    }
    const action = typeof body.fields.action === 'string' ? body.fields.action : '';
    const ticket = deps.faults ? deps.faults.admit(invocationId) : 0;
    if (ticket === null) {
      // the instance is being killed: no answer, ever (held until it is dead, or gone)
      await Promise.race([
        deps.faults!.whenDead(invocationId),
        new Promise((r) => res.once('close', r)),
      ]);
      return void res.destroy();
    }
    const killedAfter = async (answer: Record<string, unknown>) =>
      ticket > 0 && (await deps.faults!.applied(invocationId, ticket, action, body.fields, answer));
    deps.stats.record(invocationId, action || '(none)');
    try {
      if (action.startsWith('database.')) {
        if (deps.latencyMs) await new Promise((r) => setTimeout(r, deps.latencyMs));
        const answer = await deps.database.handle(action, body.fields);
        if (await killedAfter(answer)) return void res.destroy();
        sendJson(res, { ...answer, requestId });
      } else if (action.startsWith('storage.') && deps.storage) {
        if (deps.latencyMs) await new Promise((r) => setTimeout(r, deps.latencyMs));
        const answer = deps.storage.handle(action, body.fields) ?? {
          code: 'INVALID_PARAM',
          message: `[InvalidParameter.Action] action is invalid or not found: ${action}`,
        };
        if (await killedAfter(answer)) return void res.destroy();
        sendJson(res, { ...answer, requestId });
      } else if (action === 'wx.openApi') {
        await openApi(body, invocationId, res, requestId, killedAfter);
      } else {
        sendJson(res, {
          code: 'INVALID_PARAM',
          message: `[InvalidParameter.Action] action is invalid or not found: ${action}`,
          requestId,
        });
      }
    } catch (error) {
      if (!res.headersSent)
        sendJson(res, {
          code: 'SYS_ERR',
          message: `[InternalError] ${(error as Error).message}`,
          requestId,
        });
    }
  }

  return (req, res, invocationId) => {
    serve(req, res, invocationId).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': JSON_TYPE });
        res.end(JSON.stringify({ code: 'SYS_ERR', message: String(error) }));
      }
    });
  };
}
