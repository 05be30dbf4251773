/**
 * Drives the H5 build (dist/h5, served by the emulator gateway) in Debian's Chromium via
 * playwright-core. No browser is ever downloaded: `/usr/bin/chromium` is used, or
 * `CRM_CHROMIUM` when set.
 *
 *   const browser = await launchChromium();
 *   const page = await browser.openApp({ baseUrl: emu.url, openid: 'o_h5_1', route: 'pages/index/index', query: { scene } });
 *   await page.getByText('同意并继续').click();
 *   await shot(page, 'landing');           // → test-results/screenshots/landing.png
 *   await browser.close();
 *
 * Each `openApp` gets a fresh browser context (its own localStorage), a 375×812 phone
 * viewport and the persona openid the H5 transport sends as `x-crm-openid`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type OpenAppOptions = {
  baseUrl: string;
  /** persona openid stored as localStorage['crm.openid']; omit to let the app create a visitor id */
  openid?: string;
  /** Taro route without leading slash, e.g. 'pages/index/index' */
  route?: string;
  query?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** runs before the first navigation, e.g. to `page.route()` requests */
  setup?: (page: Page) => Promise<void>;
};

export type AppPage = Page & { context(): BrowserContext; consoleErrors: string[] };

export type H5Browser = {
  browser: Browser;
  openApp(options: OpenAppOptions): Promise<AppPage>;
  close(): Promise<void>;
};

/** The URL of a page of the H5 app (hash router): `{base}/#/{route}?{query}`. */
export function appUrl(
  baseUrl: string,
  route = 'pages/index/index',
  query: Record<string, string> = {},
): string {
  const qs = new URLSearchParams(query).toString();
  return `${baseUrl.replace(/\/$/, '')}/#/${route}${qs ? `?${qs}` : ''}`;
}

export async function launchChromium(): Promise<H5Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CRM_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async openApp(options) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 375, height: 812 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
      });
      contexts.push(context);
      if (options.openid) {
        await context.addInitScript((id) => {
          if (!window.localStorage.getItem('crm.openid'))
            window.localStorage.setItem('crm.openid', id);
        }, options.openid);
      }
      const page = (await context.newPage()) as AppPage;
      page.consoleErrors = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') page.consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => page.consoleErrors.push(String(err)));
      page.on('response', (r) => {
        if (r.status() >= 400)
          page.consoleErrors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
      });
      await options.setup?.(page);
      await page.goto(appUrl(options.baseUrl, options.route, options.query));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}

/**
 * Screenshot to test-results/screenshots/<name>.png (the whole page unless
 * `{ fullPage: false }`, then just the phone screen); answers the path.
 */
export async function shot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // let fonts and transitions settle so the picture is what a shopper sees
  await page.evaluate(() => document.fonts?.ready);
  await page.waitForTimeout(150);
  // Taro's H5 page scrolls inside its own container, so grow the viewport to the content
  // height for a whole-page picture, then put it back.
  if (options.fullPage === false) {
    await page.screenshot({ path });
    return path;
  }
  const viewport = page.viewportSize() ?? { width: 375, height: 812 };
  const contentHeight = await page.evaluate(() =>
    Math.max(
      document.documentElement.scrollHeight,
      ...Array.from(document.querySelectorAll('.taro_page, .taro_router > *')).map(
        (e) => (e as HTMLElement).scrollHeight,
      ),
    ),
  );
  if (contentHeight > viewport.height)
    await page.setViewportSize({ width: viewport.width, height: contentHeight });
  await page.screenshot({ path, fullPage: true });
  if (contentHeight > viewport.height) await page.setViewportSize(viewport);
  return path;
}
