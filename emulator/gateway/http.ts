import type { IncomingMessage } from 'node:http';

/** The body went over the limit; the rest of it was read and dropped, so the client gets the answer. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

/** Past this, the connection is cut instead of drained (a client streaming without end). */
const HARD_CAP_BYTES = 64 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = 5 * 1024 * 1024): Promise<Buffer> {
  return new Promise((ok, bad) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > HARD_CAP_BYTES) {
        bad(new BodyTooLargeError(limit));
        req.destroy();
      } else if (size <= limit) chunks.push(c);
    });
    req.on('end', () =>
      size > limit ? bad(new BodyTooLargeError(limit)) : ok(Buffer.concat(chunks)),
    );
    req.on('error', bad);
  });
}
