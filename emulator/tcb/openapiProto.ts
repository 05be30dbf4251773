/*
 * The protobuf messages wx-server-sdk uses for `cloud.openapi.*` (action `wx.openApi`), with the
 * field numbers of its generated module "./src/protobuf/openapi.js" (wx-server-sdk 4.0.2).
 * Request: CommApiData { apiType=1, openapiData=2 { pairs=1: KeyValuePair { key=1, value=2
 * (JSON bytes), contenttype=3, filename=4 } }, appid=6 }. Response: CommOpenApiResp
 * { respData=1, contentType=2, errorCode=3, httpCode=4, headers=5, svrkitErrorCode=6 }.
 */
import * as protobufModule from 'protobufjs';

// protobufjs is CommonJS without named ESM exports: take the default export when there is one.
const protobuf = ((protobufModule as unknown as { default?: typeof protobufModule }).default ??
  protobufModule) as typeof protobufModule;

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        appid: { type: 'string', id: 6 },
      },
    },
    HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
  },
});

const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export const API_TYPE_OPEN_API = 0;

export interface OpenApiRequest {
  apiType: number;
  appid?: string;
  /** key → JSON-parsed value; binary pairs (media) become `{ filename?, value: Buffer }`. */
  data: Record<string, unknown>;
}

interface RawPair {
  key?: string;
  value?: Uint8Array;
  contenttype?: string;
  filename?: string;
}

export function decodeOpenApiRequest(bytes: Uint8Array): OpenApiRequest {
  const message = CommApiData.toObject(CommApiData.decode(bytes), { defaults: true }) as {
    apiType: number;
    appid: string;
    openapiData?: { pairs?: RawPair[] };
  };
  const data: Record<string, unknown> = {};
  for (const pair of message.openapiData?.pairs ?? []) {
    if (!pair.key) continue;
    const value = Buffer.from(pair.value ?? new Uint8Array());
    if (pair.filename || pair.contenttype) {
      data[pair.key] = {
        filename: pair.filename || undefined,
        contentType: pair.contenttype || undefined,
        value,
      };
      continue;
    }
    try {
      data[pair.key] = JSON.parse(value.toString('utf8'));
    } catch {
      data[pair.key] = { value };
    }
  }
  return { apiType: message.apiType, appid: message.appid || undefined, data };
}

export function encodeOpenApiResponse(respData: Uint8Array, contentType: string): Buffer {
  const message = CommOpenApiResp.create({ respData, contentType, errorCode: 0, httpCode: 200 });
  return Buffer.from(CommOpenApiResp.encode(message).finish());
}

/** A platform refusal (no respData): the SDK throws `system error: error code: <errorCode>`. */
export function encodeOpenApiError(errorCode: number): Buffer {
  const message = CommOpenApiResp.create({ errorCode, httpCode: 200 });
  return Buffer.from(CommOpenApiResp.encode(message).finish());
}
