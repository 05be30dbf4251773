import { describe, expect, it } from '@jest/globals';
import { isTimerCaller, runDeadline } from './timer';

const id = (openid: string, source: string, unionid = '') => ({
  openid,
  appid: '',
  unionid,
  source,
});

describe('isTimerCaller', () => {
  it('accepts the timer trigger: no OPENID, SOURCE wx_trigger', () => {
    expect(isTimerCaller(id('', 'wx_trigger'))).toBe(true);
  });
  it('accepts an operator’s run from the console or the CLI (SOURCE scf, no OPENID)', () => {
    expect(isTimerCaller(id('', 'scf'))).toBe(true);
  });
  it('refuses any call carrying an OPENID, whatever SOURCE it claims', () => {
    expect(isTimerCaller(id('o_member', 'wx_client'))).toBe(false);
    expect(isTimerCaller(id('o_member', 'wx_trigger'))).toBe(false);
    expect(isTimerCaller(id('', 'wx_trigger', 'u_union'))).toBe(false);
  });
  it('refuses a client or HTTP-access call without an identity, also inside a SOURCE chain', () => {
    expect(isTimerCaller(id('', 'wx_client'))).toBe(false);
    expect(isTimerCaller(id('', 'wx_http'))).toBe(false);
    expect(isTimerCaller(id('', 'wx_client,scf'))).toBe(false);
  });
});

describe('runDeadline', () => {
  it('keeps a fifth of the limit, at least 1 s, before the platform ends the run', () => {
    expect(runDeadline(100, 60_000)).toBe(100 + 48_000);
    expect(runDeadline(100, 50_000)).toBe(100 + 40_000);
    expect(runDeadline(100, 3_000)).toBe(100 + 2_000);
    expect(runDeadline(100, 1_000)).toBe(100);
  });
});
