/**
 * One request must never end the emulator. The gateway bounds what reaches a function the
 * way CloudBase does (100 KB text body: EXCEED_MAX_PAYLOAD_SIZE; plus a nesting bound of 100
 * levels, MongoDB's document limit), and every malformed body sent to the H5 gateway, the
 * HTTP access service or the SDK endpoint gets an answer, after which the emulator still
 * serves ordinary requests and nothing was written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestEmulator, type TestEmulator } from '../support/emulator';

const OPENID = 'o_bounds_user';

/** `{"x":{"x":…1…}}` as text (JSON.stringify itself overflows on such depths). */
const nestedText = (depth: number) => '{"x":'.repeat(depth) + '1' + '}'.repeat(depth);
const nested = (depth: number): unknown => JSON.parse(nestedText(depth));

/** A small deterministic PRNG (mulberry32), so a failing fuzz case can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('gateway bounds', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
    await emu.seedMinimal();
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const post = (path: string, body: string | Blob, headers: Record<string, string> = {}) =>
    fetch(emu.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-crm-openid': OPENID, ...headers },
      body,
    });

  async function stillServes() {
    const me = await post('/fn/member', JSON.stringify({ action: 'me' }));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ result: { ok: true, data: { status: 'visitor' } } });
  }

  it('answers an object nested 5,000 deep with a stable refusal, and serves the next request', async () => {
    const body = `{"action":"getCard","x":${nestedText(5_000)}}`;
    expect(body.length).toBeLessThan(100 * 1024);
    const res = await post('/fn/member', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errCode: -1,
      code: 'INVALID_PARAM',
      errMsg: 'cloud.callFunction:fail Error: data nested deeper than 100 levels',
    });
    await stillServes();
  });

  it('accepts an event nested exactly 100 levels deep (the function answers it)', async () => {
    const res = await post('/fn/member', JSON.stringify({ action: 'me', x: nested(99) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { ok: true } });
  });

  it('a caller inside the emulator (invoke) gets an error for an event that cannot be delivered', async () => {
    const out = await emu.invoke(
      'member',
      { action: 'getCard', x: nested(5_000) },
      {
        openid: OPENID,
        source: 'wx_client',
      },
    );
    expect(out).toMatchObject({ ok: false, errCode: -501007 });
    await stillServes();
  });

  it('refuses a body over 100 KB with EXCEED_MAX_PAYLOAD_SIZE; 100 KB passes', async () => {
    const base = JSON.stringify({ action: 'me', pad: '' });
    const fits = JSON.stringify({ action: 'me', pad: 'a'.repeat(100 * 1024 - base.length) });
    expect(Buffer.byteLength(fits)).toBe(100 * 1024);
    expect((await post('/fn/member', fits)).status).toBe(200);

    const over = JSON.stringify({ action: 'me', pad: 'a'.repeat(100 * 1024 - base.length + 1) });
    const res = await post('/fn/member', over);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'EXCEED_MAX_PAYLOAD_SIZE', errCode: -1 });

    const bigPos = await post('/http/pos', 'x'.repeat(200 * 1024));
    expect(bigPos.status).toBe(413);
    await stillServes();
  });

  it('refuses a body that is JSON but not an object', async () => {
    for (const body of ['[]', '5', '"text"', 'null']) {
      const res = await post('/fn/member', body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM' });
    }
  });

  it('survives a fuzz of malformed bodies on /fn, /http/pos and the SDK endpoint; nothing is written', async () => {
    const before = emu.database.collections().map((c) => [c.name, c.count]);
    const random = prng(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const deepArray = '['.repeat(20_000) + ']'.repeat(20_000);
    const fragments = [
      '{',
      '}',
      '"',
      '\\u0000',
      '\\ud800',
      '[',
      ']',
      ',',
      ':',
      '{"$where":"1"}',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
      '1e999999',
      '-0',
      'NaN',
      '{"action":',
      '{"action":"getCard"',
      '{"$date":"x"}',
      '{"$numberLong":"9999999999999999999999"}',
    ];
    const bodies: Array<string | Blob> = [
      deepArray,
      `{"action":"getCard","x":${deepArray}}`,
      new Blob([new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0xc3, 0x28])]),
      '',
      '\u0000',
    ];
    for (let i = 0; i < 60; i++) {
      const n = 1 + Math.floor(random() * 8);
      bodies.push(Array.from({ length: n }, () => pick(fragments)).join(''));
    }
    const wire = (query: string) =>
      JSON.stringify({
        action: 'database.getDocument',
        collectionName: 'members',
        query,
        limit: 1,
      });
    const sdkBodies: Array<{ body: string | Blob; type: string }> = [
      ...bodies.map((body) => ({ body, type: 'application/json' })),
      { body: wire(nestedText(50_000)), type: 'application/json' },
      {
        body: wire('{"a":{"$elemMatch":'.repeat(3_000) + '1' + '}}'.repeat(3_000)),
        type: 'application/json',
      },
      { body: wire('{"$where":"while(true){}"}'), type: 'application/json' },
      {
        body: JSON.stringify({
          action: 'database.modifyDocument',
          collectionName: 'members',
          query: '{}',
          data: '{"$inc":{"x":"a"}}',
          multi: true,
        }),
        type: 'application/json',
      },
      {
        body: JSON.stringify({ action: 'database.startTransaction' }).slice(0, 10),
        type: 'application/json',
      },
      {
        body: '--x\r\ncontent-disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n--x--',
        type: 'multipart/form-data',
      },
      {
        body: '--x\r\ncontent-disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n--x\r\ncontent-disposition: form-data; name="apiName"\r\n\r\nsubscribeMessage.send\r\n--x\r\ncontent-disposition: form-data; name="requestData"; filename="b"\r\n\r\n\u00ff\u00ff\u00ff\u00ff\r\n--x--',
        type: 'multipart/form-data; boundary=x',
      },
      { body: 'garbage', type: 'multipart/form-data; boundary=' },
    ];

    const answered: number[] = [];
    for (const body of bodies) {
      for (const path of ['/fn/member', '/fn/pos', '/fn/mall', '/http/pos', '/fn/%E0%A4%A']) {
        answered.push((await post(path, body)).status);
      }
    }
    for (const { body, type } of sdkBodies) {
      answered.push((await post('/__tcb/fuzz-invocation', body, { 'content-type': type })).status);
    }
    expect(answered.length).toBe(bodies.length * 5 + sdkBodies.length);
    expect(answered.every((s) => s >= 200 && s < 600)).toBe(true);
    await stillServes();
    expect(emu.database.collections().map((c) => [c.name, c.count])).toEqual(before);
  });
});
