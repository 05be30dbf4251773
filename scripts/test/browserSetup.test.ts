import { describe, expect, it } from '@jest/globals';
import { INSTALL_COMMAND, planBrowserSetup } from './browserSetup.mjs';

const facts = {
  executable: '/usr/bin/chromium',
  chromium: true,
  cjkFont: true,
  root: true,
  apt: true,
};

describe('planBrowserSetup', () => {
  it('is ready when Chromium and a CJK font are there, whoever runs it', () => {
    expect(planBrowserSetup(facts)).toEqual({ kind: 'ready' });
    expect(planBrowserSetup({ ...facts, root: false, apt: false })).toEqual({ kind: 'ready' });
  });

  it('installs Debian chromium and fonts-noto-cjk as root with apt', () => {
    expect(planBrowserSetup({ ...facts, chromium: false })).toEqual({
      kind: 'install',
      packages: ['chromium', 'fonts-noto-cjk'],
      missing: 'Chromium (/usr/bin/chromium)',
    });
    expect(planBrowserSetup({ ...facts, cjkFont: false })).toMatchObject({
      kind: 'install',
      missing: 'CJK fonts',
    });
  });

  it('stops with the one command to run when it may not install', () => {
    for (const who of [
      { root: false, apt: true },
      { root: true, apt: false },
    ]) {
      const plan = planBrowserSetup({ ...facts, chromium: false, cjkFont: false, ...who });
      expect(plan.kind).toBe('stop');
      expect(plan.kind === 'stop' && plan.message).toContain(INSTALL_COMMAND);
      expect(plan.kind === 'stop' && plan.message).toContain(
        'Chromium (/usr/bin/chromium) and CJK fonts',
      );
    }
  });
});
