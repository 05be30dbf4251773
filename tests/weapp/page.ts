/* eslint-disable @typescript-eslint/no-explicit-any -- the simulator's objects are untyped */
/**
 * A page of the simulated mini-program as a test drives it (tests/weapp/harness.ts): find by
 * the selectors a page author writes, read text and native properties, tap, type, fire
 * component events, and wait on what is rendered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_TIMEOUT = 8_000;

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

export type Loaded = {
  route: string;
  query: Record<string, string>;
  root: SimRoot;
  instance: Record<string, any>;
};
export type SimRoot = {
  dom: Element;
  attach(parent: Element): void;
  detach(): void;
  instance: Record<string, any>;
};

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

export function makePage(loaded: Loaded, distDir: string): WeappPage {
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

export function visibleText(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

const settle = () => new Promise((r) => setTimeout(r, 20));

export async function waitUntil(check: () => boolean, timeoutMs: number, describe: () => string) {
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
