/** Which listed items collect downloads on a re-run: the newest attempt of each job, chosen before any download. */
import { newestAttemptItems } from '../../src/store/select-items.ts';

const item = (jobId: number) => ({ jobId, name: `crp-9-${jobId}` });
const JOBS = [
  { id: 1, name: 'build (linux)', runAttempt: 1 },
  { id: 2, name: 'build (macos)', runAttempt: 1 },
  { id: 3, name: 'build (linux)', runAttempt: 2 },
  { id: 4, name: 'build (macos)', runAttempt: 2 },
];

test('a job re-run in attempt 2 supersedes its attempt-1 item; a job not re-run keeps its item', () => {
  // "Re-run failed jobs": only macos stored again in attempt 2.
  const { chosen, skipped } = newestAttemptItems([item(1), item(2), item(4)], JOBS);
  expect(chosen.map((i) => i.jobId)).toEqual([1, 4]);
  expect(skipped.map((s) => s.reason)).toEqual([
    "stored by attempt 1 of job 'build (macos)', superseded by attempt 2 (job 4)",
  ]);
});

test('items whose job the jobs API does not know are kept for their manifests to decide', () => {
  expect(newestAttemptItems([item(7), item(2)], JOBS).chosen.map((i) => i.jobId)).toEqual([7, 2]);
  expect(newestAttemptItems([item(1), item(3)], []).chosen).toHaveLength(2);
});
