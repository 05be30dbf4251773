/**
 * The mini-program's pages, from its app.json (main package and subpackages): message and
 * QR APIs refuse any other page with 41030. Undefined when there is no app.json.
 */
import { readFileSync } from 'node:fs';

export function readAppPages(appJson: string): string[] | undefined {
  try {
    const app = JSON.parse(readFileSync(appJson, 'utf8')) as {
      pages?: string[];
      subPackages?: { root: string; pages: string[] }[];
    };
    return [
      ...(app.pages ?? []),
      ...(app.subPackages ?? []).flatMap((p) =>
        p.pages.map((x) => `${p.root.replace(/\/$/, '')}/${x}`),
      ),
    ];
  } catch {
    return undefined;
  }
}
