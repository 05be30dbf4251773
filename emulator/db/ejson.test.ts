import { describe, expect, it } from '@jest/globals';
import { EJSON } from 'bson';
import { decodeDoc, encodeDoc, parseWire, storedDateText } from './ejson';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const clock = () => NOW;
/** what @cloudbase/database sends: canonical EJSON (utils.stringifyByEJSON) */
const sdkSends = (value: unknown) => EJSON.stringify(value as never, { relaxed: false });

describe('parseWire (SDK → emulator)', () => {
  it('reads canonical numbers as JS numbers', () => {
    expect(parseWire(sdkSends({ i: 5, l: 2 ** 40, d: 1.5 }), clock)).toEqual({
      i: 5,
      l: 2 ** 40,
      d: 1.5,
    });
    expect(parseWire('{"x":{"$numberDecimal":"12.5"}}', clock)).toEqual({ x: 12.5 });
    expect(parseWire(sdkSends({ n: NaN, p: Infinity, m: -Infinity }), clock)).toEqual({
      n: NaN,
      p: Infinity,
      m: -Infinity,
    });
  });

  it('reads dates, also before 1970, as Date', () => {
    const at = new Date('2026-05-01T08:00:00.123Z');
    const born = new Date('1969-07-20T20:17:40Z');
    expect(parseWire(sdkSends({ at, born, list: [at] }), clock)).toEqual({ at, born, list: [at] });
  });

  it('reads a regular expression as a RegExp with the flags JavaScript has (x dropped)', () => {
    const value = parseWire(
      '{"q":{"$regularExpression":{"pattern":"^a.b","options":"imsx"}}}',
      clock,
    ) as {
      q: RegExp;
    };
    expect(value.q).toBeInstanceOf(RegExp);
    expect([value.q.source, value.q.flags]).toEqual(['^a.b', 'ims']);
  });

  it('reads an ObjectId as its hex string', () => {
    expect(parseWire('{"_id":{"$oid":"5f1d7a0e9d3b2c0012345678"}}', clock)).toEqual({
      _id: '5f1d7a0e9d3b2c0012345678',
    });
  });

  it('resolves db.serverDate() on the emulator clock, offset included, wherever it is', () => {
    const wire = sdkSends({
      a: { $tcb_server_date: { offset: 0 } },
      b: { $tcb_server_date: { offset: 60_000 } },
      c: [{ $tcb_server_date: { offset: -1000 } }],
    });
    expect(parseWire(wire, clock)).toEqual({
      a: new Date(NOW),
      b: new Date(NOW + 60_000),
      c: [new Date(NOW - 1000)],
    });
  });

  it('answers undefined for missing or empty text, and reads values that arrived as JSON', () => {
    expect(parseWire(undefined, clock)).toBeUndefined();
    expect(parseWire('', clock)).toBeUndefined();
    expect(
      parseWire({ a: { $numberInt: '3' }, d: { $date: { $numberLong: '0' } } }, clock),
    ).toEqual({
      a: 3,
      d: new Date(0),
    });
  });
});

describe('encodeDoc / decodeDoc (storage and the way back)', () => {
  const doc = {
    _id: 'm1',
    name: '林小姐',
    at: new Date('2026-05-01T08:00:00Z'),
    ms: new Date('2026-05-01T08:00:00.007Z'),
    born: new Date('1969-07-20T20:17:40Z'),
    far: new Date('9999-12-31T23:59:59.999Z'),
    rx: /^林/im,
    n: [1, 1.5, NaN, Infinity, -Infinity],
    nested: { deep: [{ at: new Date(0) }, null, '二', false] },
  };

  it('round-trips every stored type', () => {
    expect(decodeDoc(encodeDoc(doc))).toEqual(doc);
  });

  it('writes relaxed EJSON the SDK reads back as the same values', () => {
    const back = EJSON.parse(encodeDoc(doc)) as Record<string, unknown>;
    expect(back.at).toEqual(doc.at);
    expect(back.born).toEqual(doc.born);
    expect(back.far).toEqual(doc.far);
    expect(back.n).toEqual(doc.n);
    expect((back.nested as { deep: unknown[] }).deep[0]).toEqual({ at: new Date(0) });
    expect(back.rx).toMatchObject({ pattern: '^林', options: 'im' });
  });

  it('stores a date as bson writes it: ISO text in 1970–9999, else $numberLong', () => {
    expect(encodeDoc({ at: doc.at, born: doc.born })).toBe(
      '{"at":{"$date":"2026-05-01T08:00:00Z"},"born":{"$date":{"$numberLong":"-14182940000"}}}',
    );
  });

  it('leaves out undefined properties and functions (nulls in arrays, as JSON does)', () => {
    expect(encodeDoc({ a: undefined, b: null, f: () => 1, list: [undefined, 1] })).toBe(
      '{"b":null,"list":[null,1]}',
    );
  });

  it('reads text without wrapped values as plain JSON', () => {
    expect(decodeDoc('{"a":1,"b":["x",{"c":null}]}')).toEqual({ a: 1, b: ['x', { c: null }] });
  });

  it('storedDateText is the text a stored date has (what json_extract yields for it)', () => {
    const at = new Date('2026-05-01T08:00:00.5Z');
    expect(encodeDoc({ at })).toBe(`{"at":${storedDateText(at)}}`);
  });
});
