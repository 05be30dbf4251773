/**
 * JSON over HTTPS to WeChat's API (`config.wechatApiBase`: https://api.weixin.qq.com, or
 * the emulator locally). Built on node:http(s) rather than `fetch`: the functions are
 * deployed on the Nodejs16.13 runtime (scripts/build-functions.ts), which has no global
 * fetch. An answer is data, never thrown: the parsed JSON with its HTTP status, or
 * `network` when no answer came (refused, reset, timed out — WeChat may still have acted).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type HttpAnswer =
  | { kind: 'json'; status: number; body: Record<string, unknown> }
  | { kind: 'network'; message: string };

const TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export function requestJson(
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown; timeoutMs?: number },
): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const payload = init.body === undefined ? null : Buffer.from(JSON.stringify(init.body));
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const done = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const req = request(
      target,
      {
        method: init.method,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': payload.length }
          : {},
        timeout: init.timeoutMs ?? TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        res.on('error', (e) => done({ kind: 'network', message: e.message }));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let body: Record<string, unknown> = {};
          try {
            const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (typeof parsed === 'object' && parsed !== null)
              body = parsed as Record<string, unknown>;
          } catch {
            if (status < 500)
              return done({ kind: 'network', message: `not JSON (HTTP ${status})` });
          }
          done({ kind: 'json', status, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => done({ kind: 'network', message: e.message }));
    if (payload) req.write(payload);
    req.end();
  });
}
