/**
 * `npm run lint`: ESLint (type-aware rules, eslint.config.js), then `prettier --check`; prints how
 * long each took and fails when either does. Both run even when the first fails, so one run shows all.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

function step(label: string, command: string, args: string[]): boolean {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  console.log(`${label}: ${ok ? 'ok' : 'failed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

const started = Date.now();
const eslint = step('eslint', bin('eslint'), ['.']);
const prettier = step('prettier --check', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
console.log(`lint took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = eslint && prettier ? 0 : 1;
