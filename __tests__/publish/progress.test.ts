/** The progress line: what it says, and when (every 10 %, every 5 s even when stalled, retries said once). */
import { PROGRESS_INTERVAL_MS, progressLine, progressTracker } from '../../src/publish/progress.ts';

const MiB = 1024 * 1024;

function recorder(): {
  lines: string[];
  log: { info: (m: string) => void; warning: () => void; notice: () => void; debug: () => void };
} {
  const lines: string[] = [];
  return {
    lines,
    log: { info: (m) => lines.push(m), warning: () => undefined, notice: () => undefined, debug: () => undefined },
  };
}

test('the line: bytes, percent, rate and time left; a stall instead of a rate', () => {
  expect(progressLine({ label: 'ci-main-7', total: 100 * MiB, sent: 25 * MiB, elapsedMs: 5000, stalledMs: 0 })).toBe(
    'Uploading to ci-main-7: 25.0 MiB of 100.0 MiB (25%), 5.0 MiB/s, about 15 s left',
  );
  expect(progressLine({ label: 'x', total: 100 * MiB, sent: 40 * MiB, elapsedMs: 30_000, stalledMs: 12_400 })).toBe(
    'Uploading to x: 40.0 MiB of 100.0 MiB (40%), no bytes for 12 s',
  );
  // Too early for a rate; more than the total (cannot happen, but never says 101 %).
  expect(progressLine({ label: 'x', total: 10, sent: 5, elapsedMs: 10, stalledMs: 0 })).toBe(
    'Uploading to x: 5 B of 10 B (50%)',
  );
  expect(progressLine({ label: 'x', total: 10, sent: 12, elapsedMs: 5000, stalledMs: 0 })).toMatch(
    /10 B of 10 B \(100%\)$/,
  );
  expect(progressLine({ label: 'x', total: 0, sent: 0, elapsedMs: 0, stalledMs: 0 })).toMatch(/\(100%\)$/);
});

test('a line per 10 % of the bytes, none in between', () => {
  const { lines, log } = recorder();
  let now = 0;
  const tracker = progressTracker('t', 100, log, () => now);
  for (let i = 0; i < 100; i++) {
    now += 10;
    tracker.chunk('f', 1, i);
  }
  expect(lines).toHaveLength(10);
  expect(lines[0]).toMatch(/\(10%\)/);
  expect(lines[9]).toMatch(/\(100%\)/);
});

test('while nothing moves, a line every 5 s saying so; none once all is sent', () => {
  const { lines, log } = recorder();
  let now = 0;
  const tracker = progressTracker('t', 100, log, () => now);
  tracker.chunk('f', 5, 0);
  for (let s = 1; s <= 12; s++) {
    now = s * 1000;
    tracker.tick();
  }
  expect(lines).toEqual([
    'Uploading to t: 5 B of 100 B (5%), no bytes for 5 s',
    'Uploading to t: 5 B of 100 B (5%), no bytes for 10 s',
  ]);
  expect(PROGRESS_INTERVAL_MS).toBe(5000);
  tracker.chunk('f', 95, 5);
  now += 60_000;
  tracker.tick();
  expect(lines.at(-1)).toMatch(/\(100%\)$/);
  expect(lines).toHaveLength(3);
});

test('a retried upload is said once and counted from its start again, never past 100 %', () => {
  const { lines, log } = recorder();
  let now = 0;
  const tracker = progressTracker('t', 200, log, () => now++);
  tracker.chunk('a', 100, 0);
  tracker.chunk('b', 60, 0);
  tracker.chunk('b', 20, 0); // b starts over
  tracker.chunk('b', 80, 20);
  expect(lines.filter((l) => l.startsWith('Sending'))).toEqual([
    'Sending b again from its start (the previous attempt was cut).',
  ]);
  expect(lines.at(-1)).toMatch(/200 B of 200 B \(100%\)/);
  expect(lines.every((l) => !/\(1[1-9]\d%\)|\(\d{4,}%\)/.test(l))).toBe(true);
});
