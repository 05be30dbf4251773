/**
 * ESLint rule `emulator/imports-stay-inside`: a file under emulator/ imports (import, export
 * from, import(), require) only files inside emulator/, Node built-ins and the packages
 * emulator/package.json declares. Relative paths out of the folder and the app's `@/` alias
 * are reported, so the emulator stays publishable on its own.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const EMULATOR_DIR = resolve(import.meta.dirname, '../../emulator');
const manifest = JSON.parse(readFileSync(resolve(EMULATOR_DIR, 'package.json'), 'utf8'));
const DECLARED = new Set(
  ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) =>
    Object.keys(manifest[k] ?? {}),
  ),
);
const BUILTINS = new Set(builtinModules);

/** 'mingo/util' → 'mingo', '@jest/globals' → '@jest/globals' */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Why `specifier`, imported by `filename`, leaves the emulator; undefined when it does not. */
export function boundaryProblem(filename, specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = resolve(dirname(filename), specifier);
    const rel = relative(EMULATOR_DIR, target);
    return rel === '..' || rel.startsWith(`..${sep}`) || rel.startsWith(sep) || rel === target
      ? `'${specifier}' is outside emulator/: the app hands such things in as startEmulator options`
      : undefined;
  }
  if (specifier.startsWith('@/'))
    return `'${specifier}' is app code (the @/ alias): the emulator imports nothing of the app`;
  if (specifier.startsWith('node:') || BUILTINS.has(specifier)) return undefined;
  const pkg = packageOf(specifier);
  return DECLARED.has(pkg) ? undefined : `'${pkg}' is not declared in emulator/package.json`;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'emulator/ imports nothing outside itself but declared packages' },
    schema: [],
    messages: { outside: '{{problem}}' },
  },
  create(context) {
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const problem = boundaryProblem(context.filename, node.value);
      if (problem) context.report({ node, messageId: 'outside', data: { problem } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
      TSImportEqualsDeclaration: (n) => check(n.moduleReference?.expression),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require') check(n.arguments[0]);
      },
    };
  },
};

export const emulatorBoundary = { rules: { 'imports-stay-inside': rule } };
