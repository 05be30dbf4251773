import { describe, expect, it } from '@jest/globals';
import { code128Runs, qrDataUrl, qrModules } from './scanCodes';

const CODE = '881234567890123456';
const width = (text: string) => code128Runs(text).reduce((n, r) => n + r.modules, 0);

describe('code128Runs', () => {
  it('draws an 18-digit member code in code set C: start, 9 pairs, check, stop', () => {
    expect(width(CODE)).toBe(11 + 9 * 11 + 11 + 13);
  });

  it('alternates bars and spaces, starting and ending with a bar', () => {
    const runs = code128Runs(CODE);
    expect(runs[0].dark).toBe(true);
    expect(runs.at(-1)!.dark).toBe(true);
    expect(runs.every((r, i) => i === 0 || r.dark !== runs[i - 1].dark)).toBe(true);
    expect(runs.every((r) => r.modules >= 1 && r.modules <= 4)).toBe(true);
  });

  it('starts with the start-C pattern and ends with the stop pattern', () => {
    const bits = code128Runs(CODE)
      .map((r) => (r.dark ? '1' : '0').repeat(r.modules))
      .join('');
    expect(bits.startsWith('11010011100')).toBe(true);
    expect(bits.endsWith('1100011101011')).toBe(true);
  });

  it('differs when the code rotates', () => {
    expect(code128Runs(CODE)).not.toEqual(code128Runs('889999999999999999'));
  });
});

describe('qrDataUrl', () => {
  it('is a GIF data URL, version 1 for 18 digits', () => {
    expect(qrDataUrl(CODE)).toMatch(/^data:image\/gif;base64,R0lGOD[A-Za-z0-9+/=]+$/);
    expect(qrModules(CODE)).toBe(21);
  });

  it('changes with the code and not between two draws of the same code', () => {
    expect(qrDataUrl(CODE)).toBe(qrDataUrl(CODE));
    expect(qrDataUrl(CODE)).not.toBe(qrDataUrl('889999999999999999'));
  });
});
