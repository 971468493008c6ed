/**
 * Jest globalTeardown: fails the run when any test left something in the temp dir that
 * temp-dir-setup.js created, naming the leftovers; the directory is removed either way.
 */
import { readdirSync, rmSync } from 'node:fs';

export default function teardown() {
  const dir = process.env.CRP_TEST_TMPDIR;
  if (!dir) return;
  const leftovers = readdirSync(dir).sort();
  rmSync(dir, { recursive: true, force: true });
  if (process.env.CRP_OUTER_TMPDIR) process.env.TMPDIR = process.env.CRP_OUTER_TMPDIR;
  else delete process.env.TMPDIR;
  const line = `temp dir: ${leftovers.length} left behind`;
  if (leftovers.length === 0) {
    process.stdout.write(`${line}\n`);
    return;
  }
  const shown = leftovers.slice(0, 10).join(', ') + (leftovers.length > 10 ? ', …' : '');
  process.stdout.write(`${line} (${shown})\n`);
  throw new Error(`${line}: every test must remove what it creates in the temp dir (${shown})`);
}
