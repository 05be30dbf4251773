/* eslint-disable @typescript-eslint/no-explicit-any -- jsdom's window is copied key by key */
/**
 * miniprogram-simulate renders into a DOM. Under a jsdom test environment one exists;
 * under the node environment (needed when the same file starts the emulator: esbuild and
 * better-sqlite3 want Node's own typed arrays) a jsdom window is created and only the
 * names Node lacks are copied onto the global, so Node's TextEncoder, URL, fetch… stay.
 */
export function ensureDom() {
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
