/**
 * Members are asked only for messages something sends (SENT_PURPOSES). The type of
 * `sendMemberMessage` keeps every send within that list; this test keeps the list within
 * what is sent: each purpose in it appears in a `sendMemberMessage` call of some function.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { SENT_PURPOSES } from '@/contracts/member';

const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** purposes named in the first argument object of each sendMemberMessage call */
function sentPurposes(): string[] {
  const found = new Set<string>();
  for (const file of sources(ROOT)) {
    const text = readFileSync(file, 'utf8');
    for (const call of text.matchAll(/sendMemberMessage\(\s*ctx,\s*\{([^}]*)/g)) {
      const purpose = /purpose:\s*'(\w+)'/.exec(call[1])?.[1];
      if (purpose) found.add(purpose);
    }
  }
  return [...found].sort();
}

it('offers exactly the purposes some function sends', () => {
  expect(sentPurposes()).toEqual([...SENT_PURPOSES].sort());
});
