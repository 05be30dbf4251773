/**
 * What every browser test file starts with: the H5 build (built when stale), a private
 * emulator with the minimal seed, and Chromium; and what it ends with.
 *
 *   let { emu, seed, chrome } = {} as H5Suite;
 *   beforeAll(async () => void ({ emu, seed, chrome } = await bootH5()));
 *   afterAll(() => closeH5({ emu, chrome }));
 */
import type { MinimalSeed } from '../../scripts/seed/minimal';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { ensureTaroBuilt } from '../weapp/taroBuild';
import { launchChromium, type AppPage, type H5Browser } from './harness';

export type H5Suite = { emu: TestEmulator; seed: MinimalSeed; chrome: H5Browser };

export async function bootH5(): Promise<H5Suite> {
  await ensureTaroBuilt('h5');
  const emu = await startTestEmulator();
  try {
    const seed = await emu.seedMinimal();
    return { emu, seed, chrome: await launchChromium() };
  } catch (e) {
    await emu.stop();
    throw e;
  }
}

/** Closes what `bootH5` opened (either may be missing when the boot failed). */
export async function closeH5(suite: Partial<H5Suite> | undefined): Promise<void> {
  await suite?.chrome?.close();
  await suite?.emu?.stop();
}

/** Text of the first match with all white space removed (adjacent <Text>s have none between them). */
export const squash = (s: string) => s.replace(/\s+/g, '');
export const squashedText = async (page: AppPage, selector: string) =>
  squash((await page.locator(selector).first().textContent()) ?? '');

/** NutUI's button marks itself disabled by class (H5 renders no native disabled attribute) */
export const isDisabled = async (page: AppPage, selector: string) =>
  ((await page.locator(selector).getAttribute('class')) ?? '').includes('disabled');
