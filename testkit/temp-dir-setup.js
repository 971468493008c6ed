/**
 * Jest globalSetup: every test process (and every bundle they start) gets a fresh TMPDIR, so
 * temp-dir-teardown.js can tell exactly what the suite left behind.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'crp-test-'));
  process.env.CRP_OUTER_TMPDIR = process.env.TMPDIR ?? '';
  process.env.CRP_TEST_TMPDIR = dir;
  // Test workers are started after this hook and inherit the environment; os.tmpdir() reads TMPDIR on each call.
  process.env.TMPDIR = dir;
}
