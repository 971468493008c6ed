/**
 * ESLint (flat config) with typescript-eslint; `npm run lint` runs it and `prettier --check`.
 *
 * Chosen rules, and why:
 * - `@eslint/js` recommended and typescript-eslint `recommended`: the common floor, no style rules
 *   (formatting is Prettier's job, so nothing here fights it).
 * - Type-aware, and cheap because one TypeScript program serves them all (the project service):
 *   `no-floating-promises` (an unawaited upload or write fails silently and outlives its step),
 *   `no-misused-promises` (an async callback where a void one is expected, e.g. an event handler,
 *   drops its rejection), `await-thenable` (awaiting a non-promise hides a missing call).
 *   The full `recommended-type-checked` set is not on: its `no-unsafe-*` rules flag every GitHub
 *   payload mapped field by field in src/github/ and the emulator's JSON, for no defect found.
 * - `no-explicit-any` stays on (recommended); the emulator tests read untyped JSON and turn it off
 *   for `__tests__/emulator*` only.
 * - `no-control-regex` off: the regexes that name control characters do so on purpose (git's tag-name
 *   rules in the emulator, the Latin-1 escaping of the bundle and its test).
 * - `no-unused-vars`: a name that starts with `_` is unused on purpose (a loop that only counts, a
 *   parameter a port's signature requires), and so is a key destructured only to leave it out.
 * - `preserve-caught-error` (recommended) stays on: an error thrown from a `catch` carries the cause.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
};

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'bench/results/', '.build/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['__tests__/emulator/**/*.ts', '__tests__/emulator-artifacts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, module: 'writable', require: 'readonly' } },
  },
);
