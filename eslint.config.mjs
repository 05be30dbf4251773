import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { emulatorBoundary } from './scripts/lint/emulatorBoundary.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'test-results/**',
      'coverage/**',
      '.swc/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // domain code is pure: it runs in the mini-program and in functions alike
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Pass the clock in; do not read it in domain code.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Pass ids/randomness in.' },
      ],
    },
  },
  {
    // domain code imports other domain modules (relative paths), the error codes and a few
    // pure packages — no UI, SDK, Node built-in (bare `crypto` included) or other app code
    files: ['src/domain/*.ts'],
    ignores: ['src/domain/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!\\.\\/|\\.\\.\\/contracts\\/errors$|dayjs(/|$)|zod(/|$)|@noble/hashes/|@scure/base$)',
              message: 'src/domain imports nothing outside the domain but the error codes.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/*/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!\\.\\/|\\.\\.\\/(?!\\.\\.)|\\.\\.\\/\\.\\.\\/contracts\\/errors$|dayjs(/|$)|zod(/|$)|@noble/hashes/|@scure/base$)',
              message: 'src/domain imports nothing outside the domain but the error codes.',
            },
          ],
        },
      ],
    },
  },
  {
    // the emulator is a package of its own (emulator/package.json): it imports only its own
    // files, Node built-ins and the packages it declares — nothing of the app
    files: ['emulator/**/*.{ts,js,cjs,mjs}'],
    plugins: { emulator: emulatorBoundary },
    rules: { 'emulator/imports-stay-inside': 'error' },
  },
  {
    files: ['src/domain/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
);
