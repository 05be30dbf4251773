/**
 * Page paths as WeChat's message and QR APIs take them: relative to the mini-program root,
 * no leading '/', e.g. `pages/member/index` (subscribe messages may add `?foo=bar`).
 * When the emulator knows the app's pages (app.json order, home page first) it rejects
 * any other path with 41030, as WeChat does for pages missing from the released version.
 */

/** `pages/a/index?x=1` → `pages/a/index`. */
export function pagePath(page: string): string {
  const q = page.indexOf('?');
  return q === -1 ? page : page.slice(0, q);
}

/** True when `path` (no query) is a page of the app; always true when the pages are unknown. */
export function isAppPage(appPages: readonly string[] | undefined, path: string): boolean {
  if (path === '' || path.startsWith('/')) return false;
  return appPages === undefined || appPages.includes(path);
}
