/** The pure decisions of the store: job outcome for the post step, manifest checks, zip entry names. */
import { describe, expect, it } from '@jest/globals';
import { judgeJob } from '../../src/store/job-outcome.ts';
import { parseManifest } from '../../src/store/manifest.ts';
import { unsafeEntryReason } from '../../src/store/zip-reader.ts';

describe('judgeJob', () => {
  const step = (name: string, conclusion: string | null, status = 'completed') => ({ name, status, conclusion });
  it.each([
    [{ conclusion: null, steps: [step('build', 'success'), step('store', 'success'), step('test', 'failure')] }, true],
    [{ conclusion: null, steps: [step('build', 'success'), step('store', 'cancelled')] }, true],
    [{ conclusion: 'failure', steps: [] }, true],
    [{ conclusion: null, steps: [step('build', 'success'), step('post', null, 'in_progress')] }, false],
    [{ conclusion: null, steps: [] }, true],
    [undefined, true],
  ])('%j → failed %s', (job, failed) => expect(judgeJob(job).failed).toBe(failed));
});

describe('parseManifest', () => {
  const file = { name: 'a.txt', storedName: 'a.txt', size: 1, sha256: 'a'.repeat(64) };
  const manifest = (files: unknown[]) => JSON.stringify({ version: 1, runId: 1, runAttempt: 1, jobId: 2, files });
  it('accepts a sound manifest', () => expect(parseManifest(manifest([file]), 'x').files).toHaveLength(1));
  it.each(['../a', 'a/b', '..', 'a\\b', ''])('refuses the file name %j', (name) =>
    expect(() => parseManifest(manifest([{ ...file, name }]), 'item x')).toThrow(/The manifest of item x is invalid/),
  );
  it('refuses a stored name that is not a sanitised asset name', () =>
    expect(() => parseManifest(manifest([{ ...file, storedName: '../a' }]), 'x')).toThrow(/stored name/));
});

describe('unsafeEntryReason', () => {
  it.each(['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x'])('refuses %j', (name) =>
    expect(unsafeEntryReason(name)).toBeDefined(),
  );
  it.each(['x', 'dir/x', 'a..b', '.hidden'])('accepts %j', (name) => expect(unsafeEntryReason(name)).toBeUndefined());
});
