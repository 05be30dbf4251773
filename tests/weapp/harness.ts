/**
 * Runs the COMPILED mini-program (dist/weapp) inside miniprogram-simulate, as WeChat would:
 * the real wcc-compiled templates, Taro's runtime and our React pages.
 *
 * The mini-program globals are shimmed: `App()` keeps the app, `Page(cfg)` becomes a
 * `Component` whose `attached` runs the page lifecycle, navigation APIs swap the current
 * page, storage is an in-memory map, and `wx.cloud.callFunction` is routed to the
 * emulator gateway (`POST {gatewayUrl}/fn/{name}` as the persona in `x-crm-openid`), so
 * a page talks to the same function bundles it would in the cloud.
 *
 *   const app = await launchWeapp({ gatewayUrl: emu.url, openid: 'o_test_1' });
 *   const page = await app.reLaunch('pages/index/index', { scene: encodeURIComponent(scene) });
 *   await page.waitForText('欢迎光临');
 *   await page.tap('#agree-privacy');
 *
 * One app per test file (Taro's runtime is a module singleton): `close()` at the end.
 * Beside it: driving a page (page.ts), `wx.cloud` (wxCloud.ts), WeChat's callback style
 * (asyncOk.ts), the DOM under Node (simDom.ts) and device stand-ins (wxStubs.ts).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the mini-program globals, the wx mock and the simulator's objects are untyped */
import { jest } from '@jest/globals';
import { join, resolve } from 'node:path';
import { asyncOk } from './asyncOk';
import { ensureDom } from './simDom';
import { cloudToGateway, type CloudCall } from './wxCloud';
import {
  DEFAULT_TIMEOUT,
  makePage,
  visibleText,
  waitUntil,
  type Loaded,
  type SimRoot,
  type WeappPage,
} from './page';

export type { CloudCall } from './wxCloud';
export type { WeappPage } from './page';

export type LaunchOptions = {
  gatewayUrl: string;
  openid: string;
  distDir?: string;
  /** WeChat's scene value of the launch (1047 = scanned a 小程序码) */
  launchScene?: number;
};

export type WeappApp = {
  /** the page on top of the stack */
  current(): WeappPage;
  /** close all pages and open one, like wx.reLaunch (also how a 小程序码 opens the app) */
  reLaunch(route: string, query?: Record<string, string>): Promise<WeappPage>;
  /** wait until the page on top has this route (after redirectTo / navigateTo) */
  waitForPage(route: string, timeoutMs?: number): Promise<WeappPage>;
  /** every callFunction made so far, with the gateway's answer */
  calls: CloudCall[];
  storage: Map<string, unknown>;
  setOpenid(openid: string): void;
  /**
   * WeChat's privacy authorization: how many listeners the app registered with
   * wx.onNeedPrivacyAuthorization, and `need()` — what WeChat does when a privacy-scoped API
   * is called before the agreement: calls the listeners and waits for the resolve (answers
   * what the app resolved with; `resolved` holds it once it did).
   */
  privacy: {
    listeners(): number;
    need(): Promise<PrivacyResolution>;
    resolved(): PrivacyResolution | null;
  };
  close(): void;
};

export type PrivacyResolution = { buttonId?: string; event: 'agree' | 'disagree' };

type PageConfig = Record<string, unknown> & { data?: Record<string, unknown> };
export async function launchWeapp(options: LaunchOptions): Promise<WeappApp> {
  const distDir = resolve(options.distDir ?? join(process.cwd(), 'dist/weapp'));
  const g = globalThis as any;
  let openid = options.openid;
  const calls: CloudCall[] = [];
  const storage = new Map<string, unknown>();
  const stack: Loaded[] = [];
  let pendingPage: { route: string; query: Record<string, string> } | null = null;
  let appConfig: Record<string, any> | null = null;

  // --- miniprogram-simulate puts its wx mock and Component() on the global ------------
  ensureDom();
  const simulate = require('miniprogram-simulate');
  const wx = g.wx as Record<string, any>;

  // storage
  wx.setStorageSync = (k: string, v: unknown) => void storage.set(k, structuredClone(v));
  wx.getStorageSync = (k: string) => (storage.has(k) ? structuredClone(storage.get(k)) : '');
  wx.removeStorageSync = (k: string) => void storage.delete(k);
  wx.clearStorageSync = () => storage.clear();
  wx.setStorage = asyncOk('setStorage', (o) => void storage.set(o.key, structuredClone(o.data)));
  wx.getStorage = asyncOk('getStorage', (o) => {
    if (!storage.has(o.key)) throw new Error('data not found');
    return { data: structuredClone(storage.get(o.key)) };
  });
  wx.removeStorage = asyncOk('removeStorage', (o) => void storage.delete(o.key));

  // privacy: the app registers its listener; a test plays WeChat with `privacy.need()`
  const privacyListeners: ((resolve: (r: PrivacyResolution) => void) => void)[] = [];
  let privacyResolved: PrivacyResolution | null = null;
  wx.onNeedPrivacyAuthorization = (listener: (typeof privacyListeners)[number]) =>
    void privacyListeners.push(listener);
  wx.getPrivacySetting = asyncOk('getPrivacySetting', () => ({
    needAuthorization: false,
    privacyContractName: '',
  }));

  // cloud → emulator gateway
  wx.cloud = cloudToGateway({ gatewayUrl: options.gatewayUrl, openid: () => openid, calls });

  // navigation
  const parseUrl = (url: string) => {
    const [path, qs = ''] = url.replace(/^\//, '').split('?');
    return { route: path, query: Object.fromEntries(new URLSearchParams(qs)) };
  };
  const unloadTop = () => {
    const top = stack.pop();
    if (!top) return;
    top.instance.onUnload?.();
    top.root.detach();
  };
  wx.redirectTo = asyncOk('redirectTo', (o) => {
    const { route, query } = parseUrl(o.url);
    unloadTop();
    openPage(route, query);
  });
  wx.navigateTo = asyncOk('navigateTo', (o) => {
    const { route, query } = parseUrl(o.url);
    stack[stack.length - 1]?.instance.onHide?.();
    openPage(route, query);
  });
  wx.reLaunch = asyncOk('reLaunch', (o) => {
    const { route, query } = parseUrl(o.url);
    while (stack.length) unloadTop();
    openPage(route, query);
  });
  wx.navigateBack = asyncOk('navigateBack', (o) => {
    const delta = Math.max(1, Number(o.delta ?? 1));
    for (let i = 0; i < delta && stack.length > 1; i++) unloadTop();
    stack[stack.length - 1]?.instance.onShow?.();
  });
  wx.stopPullDownRefresh = asyncOk('stopPullDownRefresh', () => undefined);

  // --- mini-program globals ----------------------------------------------------------
  g.App = (cfg: Record<string, any>) => {
    appConfig = cfg;
  };
  g.getApp = () => appConfig;
  g.getCurrentPages = () => stack.map((p) => p.instance);
  g.requirePlugin = () => ({});
  g.Page = (cfg: PageConfig) => {
    const target = pendingPage;
    if (!target) throw new Error('Page() called outside of a page load');
    type Method = (...args: unknown[]) => unknown;
    const methods: Record<string, Method> = {};
    for (const [k, v] of Object.entries(cfg)) if (typeof v === 'function') methods[k] = v as Method;
    g.Component({
      data: cfg.data ?? {},
      options: cfg.options,
      methods,
      lifetimes: {
        attached(this: Record<string, any>) {
          const open = opening ?? target;
          this.route = open.route;
          this.__route__ = open.route;
          this.options = open.query;
          this.onLoad?.(open.query);
          this.onShow?.();
          this.onReady?.();
        },
      },
    });
  };

  // A page's JS runs once (webpack caches its module), like Page() once per route in
  // WeChat: the component is defined on first open and instantiated on every open.
  const pageIds = new Map<string, string>();
  let opening: { route: string; query: Record<string, string> } | null = null;

  function openPage(route: string, query: Record<string, string>): Loaded {
    let id = pageIds.get(route);
    if (!id) {
      pendingPage = { route, query };
      try {
        id = simulate.load(join(distDir, route), { rootPath: distDir }) as string;
      } finally {
        pendingPage = null;
      }
      pageIds.set(route, id);
    }
    const root = simulate.render(id) as SimRoot | undefined;
    if (!root) throw new Error(`${route}: the page did not call Page()`);
    const host = document.createElement('div');
    document.body.appendChild(host);
    const loaded: Loaded = { route, query, root, instance: root.instance };
    stack.push(loaded);
    opening = { route, query };
    try {
      root.attach(host);
    } finally {
      opening = null;
    }
    return loaded;
  }

  // --- boot the app like WeChat does ---------------------------------------------------
  // a fresh module registry: the app's bundles run anew for every boot, like a cold start
  jest.resetModules();
  require(join(distDir, 'app.js'));
  if (!appConfig) throw new Error(`${distDir}/app.js did not call App()`);
  const cfg = appConfig as Record<string, any>;
  const launch = {
    path: 'pages/index/index',
    query: {},
    scene: options.launchScene ?? 1047,
    referrerInfo: {},
  };
  cfg.onLaunch?.(launch);
  cfg.onShow?.(launch);

  const pageHandle = (loaded: Loaded): WeappPage => makePage(loaded, distDir);

  return {
    current() {
      const top = stack[stack.length - 1];
      if (!top) throw new Error('no page is open');
      return pageHandle(top);
    },
    async reLaunch(route, query = {}) {
      while (stack.length) unloadTop();
      return pageHandle(openPage(route, query));
    },
    async waitForPage(route, timeoutMs = DEFAULT_TIMEOUT) {
      await waitUntil(
        () => stack[stack.length - 1]?.route === route,
        timeoutMs,
        () => {
          const top = stack[stack.length - 1];
          return `page ${route} (current: ${top?.route ?? 'none'}; text: ${top ? visibleText(top.root.dom).slice(0, 300) : ''})`;
        },
      );
      return pageHandle(stack[stack.length - 1]);
    },
    calls,
    storage,
    setOpenid(id) {
      openid = id;
    },
    privacy: {
      listeners: () => privacyListeners.length,
      need() {
        privacyResolved = null;
        return new Promise((done) => {
          for (const listener of privacyListeners)
            listener((r) => {
              privacyResolved = r;
              done(r);
            });
        });
      },
      resolved: () => privacyResolved,
    },
    close() {
      while (stack.length) unloadTop();
      cfg.onHide?.();
      document.body.innerHTML = '';
    },
  };
}
