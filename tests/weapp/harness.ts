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
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the mini-program globals, the wx mock and the simulator's objects are untyped */
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type CloudCall = {
  name: string;
  data: Record<string, unknown>;
  status: number;
  result: unknown;
};

export type LaunchOptions = {
  gatewayUrl: string;
  openid: string;
  distDir?: string;
  /** WeChat's scene value of the launch (1047 = scanned a 小程序码) */
  launchScene?: number;
};

export type WeappPage = {
  route: string;
  query: Record<string, string>;
  /** the page's root element in the simulated DOM */
  readonly dom: Element;
  text(): string;
  exists(selector: string): boolean;
  textOf(selector: string): string;
  waitFor(selector: string, timeoutMs?: number): Promise<Element>;
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<void>;
  tap(selector: string): Promise<void>;
  /** fire a component event such as 'getphonenumber' or 'agreeprivacyauthorization' */
  trigger(selector: string, eventName: string, detail?: Record<string, unknown>): Promise<void>;
  input(selector: string, value: string): Promise<void>;
  /**
   * A property the page gives a native component (e.g. a button's `disabled`), read from
   * the page's render data as the template binds it — the simulator's DOM does not reflect
   * native properties.
   */
  nativeProp(selector: string, name: string): unknown;
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
type Loaded = {
  route: string;
  query: Record<string, string>;
  root: SimRoot;
  instance: Record<string, any>;
};
type SimRoot = {
  dom: Element;
  attach(parent: Element): void;
  detach(): void;
  instance: Record<string, any>;
};

const DEFAULT_TIMEOUT = 8_000;

/**
 * miniprogram-simulate renders into a DOM. Under a jsdom test environment one exists;
 * under the node environment (needed when the same file starts the emulator: esbuild and
 * better-sqlite3 want Node's own typed arrays) a jsdom window is created and only the
 * names Node lacks are copied onto the global, so Node's TextEncoder, URL, fetch… stay.
 */
function ensureDom() {
  const g = globalThis as any;
  if (typeof g.document !== 'undefined') return;
  const { JSDOM } = require('jsdom');
  const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', {
    url: 'https://servicewechat.com/',
  });
  const win = dom.window as any;
  for (const key of Object.getOwnPropertyNames(win)) {
    if (key in g || key.startsWith('_')) continue;
    try {
      g[key] = win[key];
    } catch {
      // read-only on this Node version
    }
  }
  g.window = g;
  g.document = win.document;
  g.navigator ??= win.navigator;
}

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

  const asyncOk =
    (name: string, fn: (o: any) => unknown) =>
    (o: any = {}) => {
      Promise.resolve()
        .then(() => fn(o))
        .then(
          (extra) => {
            const res = { errMsg: `${name}:ok`, ...(extra as object) };
            o.success?.(res);
            o.complete?.(res);
          },
          (err) => {
            const res = { errMsg: `${name}:fail ${err?.message ?? err}` };
            o.fail?.(res);
            o.complete?.(res);
          },
        );
    };

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
  wx.cloud = {
    init() {},
    callFunction(o: {
      name: string;
      data?: Record<string, unknown>;
      success?: (res: unknown) => void;
      fail?: (err: unknown) => void;
      complete?: (res: unknown) => void;
    }) {
      const run = async () => {
        const data = o.data ?? {};
        let res: Response;
        try {
          res = await fetch(`${options.gatewayUrl}/fn/${encodeURIComponent(o.name)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-crm-openid': openid },
            body: JSON.stringify(data),
          });
        } catch (e) {
          throw {
            errCode: -1,
            errMsg: `cloud.callFunction:fail request:fail ${(e as Error).message}`,
          };
        }
        const body = (await res.json().catch(() => ({}))) as {
          result?: unknown;
          errCode?: number;
          errMsg?: string;
        };
        calls.push({ name: o.name, data, status: res.status, result: body.result ?? body });
        if (!res.ok)
          throw {
            errCode: body.errCode ?? -504002,
            errMsg: `cloud.callFunction:fail ${body.errMsg ?? res.status}`,
          };
        return {
          errMsg: 'cloud.callFunction:ok',
          result: body.result,
          requestID: res.headers.get('x-invocation-id') ?? '',
        };
      };
      const p = run();
      if (o.success || o.fail || o.complete) {
        p.then(
          (r) => {
            o.success?.(r);
            o.complete?.(r);
          },
          (e) => {
            o.fail?.(e);
            o.complete?.(e);
          },
        );
        return undefined;
      }
      return p;
    },
  };

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

/**
 * Selectors as a page author writes them: `#id` (the component's id), `.class` (the class
 * given in JSX; the simulator prefixes classes with the component's tag), `wx-tag`, or a
 * space-separated descendant chain of those.
 */
function matches(el: Element, part: string): boolean {
  if (part.startsWith('#')) return (el as any).__wxElement?.id === part.slice(1);
  if (part.startsWith('.')) {
    const want = part.slice(1);
    return Array.from(el.classList).some((c) => c === want || c.endsWith(`--${want}`));
  }
  return el.tagName.toLowerCase() === part.toLowerCase();
}

function queryAll(root: Element, selector: string): Element[] {
  const parts = selector.trim().split(/\s+/);
  let scope: Element[] = [root];
  for (const part of parts) {
    const next = new Set<Element>();
    for (const s of scope)
      for (const el of Array.from(s.querySelectorAll('*'))) if (matches(el, part)) next.add(el);
    scope = [...next];
  }
  return scope;
}

function makePage(loaded: Loaded, distDir: string): WeappPage {
  const dom = () => loaded.root.dom;
  const find = (selector: string): Element | null => queryAll(dom(), selector)[0] ?? null;
  const page: WeappPage = {
    route: loaded.route,
    query: loaded.query,
    get dom() {
      return dom();
    },
    text: () => visibleText(dom()),
    exists: (selector) => Boolean(find(selector)),
    textOf(selector) {
      const el = find(selector);
      if (!el) throw new Error(`${loaded.route}: no element matches ${selector}`);
      return visibleText(el);
    },
    async waitFor(selector, timeoutMs = DEFAULT_TIMEOUT) {
      await waitUntil(
        () => Boolean(find(selector)),
        timeoutMs,
        () => `${selector} on ${loaded.route}: ${page.text().slice(0, 300)}`,
      );
      return find(selector)!;
    },
    async waitForText(text, timeoutMs = DEFAULT_TIMEOUT) {
      const has = () =>
        typeof text === 'string' ? page.text().includes(text) : text.test(page.text());
      await waitUntil(
        has,
        timeoutMs,
        () => `text ${String(text)} on ${loaded.route}; page shows: ${page.text().slice(0, 400)}`,
      );
    },
    async tap(selector) {
      const el = await page.waitFor(selector);
      fire(el, 'tap', {});
      await settle();
    },
    async trigger(selector, eventName, detail = {}) {
      const el = await page.waitFor(selector);
      fire(el, eventName, detail);
      await settle();
    },
    nativeProp(selector, name) {
      const el = find(selector);
      if (!el) throw new Error(`${loaded.route}: no element matches ${selector}`);
      const tag = el.tagName.toLowerCase().replace(/^wx-/, '');
      const alias = templateAlias(distDir, tag, name);
      const node = nodeBySid(loaded.instance.data, el.getAttribute('data-sid'));
      if (!node) throw new Error(`${loaded.route}: no render data for ${selector}`);
      return node[alias];
    },
    async input(selector, value) {
      const el = await page.waitFor(selector);
      const target = el.matches('wx-input') ? el : (el.querySelector('wx-input') ?? el);
      fire(target, 'input', { value, cursor: value.length, keyCode: 0 });
      await settle();
    },
  };
  return page;
}

/** Dispatch a mini-program event on the exparser node behind a DOM element (what a user's tap does). */
function fire(el: Element, eventName: string, detail: Record<string, unknown>) {
  const exparser = require('miniprogram-exparser');
  const node = (el as any).__wxElement;
  if (!node) throw new Error(`element <${el.tagName.toLowerCase()}> is not a mini-program node`);
  exparser.Event.dispatchEvent(
    node,
    exparser.Event.create(eventName, detail, {
      bubbles: true,
      composed: true,
      capturePhase: true,
      extraFields: { touches: [], changedTouches: [] },
    }),
  );
}

function visibleText(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

const settle = () => new Promise((r) => setTimeout(r, 20));

async function waitUntil(check: () => boolean, timeoutMs: number, describe: () => string) {
  const start = Date.now();
  for (;;) {
    if (check()) return;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The data key Taro's base template binds a native component's property to (`i.p2`). */
function templateAlias(distDir: string, tag: string, prop: string): string {
  const wxml = readFileSync(join(distDir, 'base.wxml'), 'utf8');
  const open = new RegExp(`<${tag}\\s(?:[^>]*?\\s)?${prop}="\\{\\{(?:xs\\.b\\()?i\\.(\\w+)`).exec(
    wxml,
  );
  if (!open) throw new Error(`base.wxml binds no ${prop} on <${tag}>`);
  return open[1];
}

/** The render-data node of a rendered element (its `data-sid`). */
function nodeBySid(data: unknown, sid: string | null): Record<string, any> | null {
  if (!sid || typeof data !== 'object' || data === null) return null;
  if ((data as Record<string, unknown>).sid === sid) return data as Record<string, any>;
  for (const value of Object.values(data)) {
    const found = nodeBySid(value, sid);
    if (found) return found;
  }
  return null;
}
