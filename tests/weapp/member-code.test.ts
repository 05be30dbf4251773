/**
 * The member card in the compiled mini-program draws the rotating member code as an image a
 * till scans: Code 128 bars (views) and a QR code (an <image> with a GIF data URL, no
 * canvas, no DOM), both of the code shown in digits; the footer carries 「店员入口」.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Reply } from '@/contracts/reply';
import { defaultSettings } from '@/domain/settings';
import { code128Runs, qrDataUrl } from '@/components/scanCodes';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { launchWeapp, type WeappApp } from './harness';
import { ensureTaroBuilt } from './taroBuild';

let emu: TestEmulator;
let seed: MinimalSeed;
let app: WeappApp;
const MEMBER = 'o_weapp_code_member';

/** The element with this class in the data Taro gave the current page (its setData tree). */
function renderedNode(className: string): Record<string, unknown> | undefined {
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's setData tree is untyped */
  const pages = (globalThis as any).getCurrentPages() as { data: unknown }[];
  const walk = (node: unknown): Record<string, unknown> | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const n = node as Record<string, unknown>;
    if (typeof n.cl === 'string' && n.cl.split(' ').includes(className)) return n;
    for (const v of Object.values(n)) {
      const found = walk(v);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(pages.at(-1)?.data);
}

beforeAll(async () => {
  const dist = await ensureTaroBuilt('weapp');
  emu = await startTestEmulator();
  seed = await emu.seedMinimal();
  const clerk = seed.clerks.find((c) => c.storeId === 'S001')!;
  const res = await emu.call<Reply<unknown>>(
    'member',
    {
      action: 'signup',
      phoneCode: 'dev_13900008812_w1',
      scene: emu.sceneFor('S001', clerk.id),
      consentVersion: defaultSettings.privacy.consentVersion,
    },
    MEMBER,
  );
  if (!res.ok) throw new Error(res.error.message);
  app = await launchWeapp({ gatewayUrl: emu.url, openid: MEMBER, distDir: dist });
});

afterAll(async () => {
  app?.close();
  await emu?.stop();
});

describe('weapp card: the member code a till scanner reads', () => {
  it('renders the QR code image and the Code 128 bars of the code shown', async () => {
    const card = await app.reLaunch('pages/card/index');
    await card.waitFor('.member-code-live__qr');
    const code = card.textOf('.member-code-live__digits').replace(/\s/g, '');
    expect(code).toMatch(/^88\d{16}$/);
    // the simulator's <wx-image> keeps no attributes: read what Taro rendered into it
    // (setData; Taro shortens attribute names, so the src is one of the node's values)
    expect(Object.values(renderedNode('member-code-live__qr') ?? {})).toContain(qrDataUrl(code));
    const bars = card.dom.querySelectorAll('[class*="member-code-live__bar"]');
    const dark = code128Runs(code).filter((r) => r.dark).length;
    expect(
      Array.from(bars).filter((b) => !b.className.includes('member-code-live__bars')),
    ).toHaveLength(dark);
  });

  it('offers 「店员入口」 at the foot of the card', async () => {
    const card = app.current();
    expect(card.textOf('#staff-entry-link')).toBe('店员入口');
    await card.tap('#staff-entry-link');
    const home = await app.waitForPage('staff/pages/home/index');
    await home.waitFor('#go-bind');
  });
});
