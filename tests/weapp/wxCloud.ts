/**
 * `wx.cloud` for the simulated mini-program: `callFunction` goes to the emulator gateway
 * (`POST {gatewayUrl}/fn/{name}` as the persona in `x-crm-openid`), in both of WeChat's
 * styles (callbacks or a promise), and every call is recorded with the gateway's answer;
 * `uploadFile` puts the bytes in the emulator's cloud storage.
 */
import { readFileSync } from 'node:fs';
export type CloudCall = {
  name: string;
  data: Record<string, unknown>;
  status: number;
  result: unknown;
};

export function cloudToGateway(d: {
  gatewayUrl: string;
  openid: () => string;
  calls: CloudCall[];
}) {
  const { calls } = d;
  return {
    init() {},
    /**
     * `wx.cloud.uploadFile({cloudPath, filePath})`: the file at `filePath` (a local path here)
     * PUT to the emulator's storage stand-in; answers the fileID the real SDK would.
     */
    async uploadFile(o: { cloudPath: string; filePath: string }) {
      const bytes = readFileSync(o.filePath);
      const res = await fetch(`${d.gatewayUrl}/__storage/${encodeURI(o.cloudPath)}`, {
        method: 'PUT',
        body: bytes,
      });
      if (!res.ok) throw { errCode: -1, errMsg: `cloud.uploadFile:fail ${res.status}` };
      return {
        errMsg: 'cloud.uploadFile:ok',
        statusCode: 200,
        fileID: `cloud://local.6c6f-local-1300000000/${o.cloudPath}`,
      };
    },
    callFunction(o: {
      name: string;
      data?: Record<string, unknown>;
      success?: (res: unknown) => void;
      fail?: (err: unknown) => void;
      complete?: (res: unknown) => void;
    }) {
      const run = async () => {
        const data = o.data ?? {};
        let res: Response;
        try {
          res = await fetch(`${d.gatewayUrl}/fn/${encodeURIComponent(o.name)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-crm-openid': d.openid() },
            body: JSON.stringify(data),
          });
        } catch (e) {
          throw {
            errCode: -1,
            errMsg: `cloud.callFunction:fail request:fail ${(e as Error).message}`,
          };
        }
        const body = (await res.json().catch(() => ({}))) as {
          result?: unknown;
          errCode?: number;
          errMsg?: string;
        };
        calls.push({ name: o.name, data, status: res.status, result: body.result ?? body });
        if (!res.ok)
          throw {
            errCode: body.errCode ?? -504002,
            errMsg: `cloud.callFunction:fail ${body.errMsg ?? res.status}`,
          };
        return {
          errMsg: 'cloud.callFunction:ok',
          result: body.result,
          requestID: res.headers.get('x-invocation-id') ?? '',
        };
      };
      const p = run();
      if (o.success || o.fail || o.complete) {
        p.then(
          (r) => {
            o.success?.(r);
            o.complete?.(r);
          },
          (e) => {
            o.fail?.(e);
            o.complete?.(e);
          },
        );
        return undefined;
      }
      return p;
    },
  };
}
