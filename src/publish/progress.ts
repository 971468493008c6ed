/**
 * The progress line of a release's uploads: every 10 % of the bytes, and every 5 s while uploads run
 * even when no byte moved (a stalled connection, a rate-limit wait), so a user watching the log knows
 * the step is alive. Bytes count per file from where its current attempt is, so a retried upload
 * (sent again from its start) is said once and the total never runs past 100 %.
 */
import type { Logger } from '../ports.ts';
import { humanBytes } from '../planning/format.ts';

/** A line at least this often while uploads run. */
export const PROGRESS_INTERVAL_MS = 5000;

export interface ProgressFacts {
  /** What is being uploaded to, e.g. `ci-main-1`. */
  readonly label: string;
  readonly total: number;
  readonly sent: number;
  readonly elapsedMs: number;
  /** Milliseconds since the last byte, when that is a while. */
  readonly stalledMs: number;
}

/** One progress line, from plain facts. */
export function progressLine(facts: ProgressFacts): string {
  const { label, total, elapsedMs, stalledMs } = facts;
  const sent = Math.min(facts.sent, total);
  const percent = total === 0 ? 100 : Math.floor((sent * 100) / total);
  let line = `Uploading to ${label}: ${humanBytes(sent)} of ${humanBytes(total)} (${percent}%)`;
  const seconds = elapsedMs / 1000;
  if (stalledMs >= PROGRESS_INTERVAL_MS) {
    line += `, no bytes for ${Math.round(stalledMs / 1000)} s`;
  } else if (seconds >= 1 && sent > 0 && sent < total) {
    const rate = sent / seconds;
    line += `, ${humanBytes(rate)}/s, about ${Math.max(1, Math.round((total - sent) / rate))} s left`;
  }
  return line;
}

export interface ProgressTracker {
  /** A chunk of `file` read for sending at `position` (0 again when a retry starts over). */
  chunk(file: string, bytes: number, position: number): void;
  /** Called by a timer: logs when 5 s passed since the last line. */
  tick(): void;
}

export function progressTracker(label: string, total: number, log: Logger, clock: () => number): ProgressTracker {
  const perFile = new Map<string, number>();
  const started = clock();
  let sent = 0;
  let lastBytesAt = started;
  let lastLineAt = started;
  let lastTenth = 0;
  const say = (now: number): void => {
    lastLineAt = now;
    log.info(progressLine({ label, total, sent, elapsedMs: now - started, stalledMs: now - lastBytesAt }));
  };
  return {
    chunk(file, bytes, position) {
      const before = perFile.get(file) ?? 0;
      if (position === 0 && before > 0)
        log.info(`Sending ${file} again from its start (the previous attempt was cut).`);
      const after = position + bytes;
      perFile.set(file, after);
      sent += after - before;
      const now = clock();
      lastBytesAt = now;
      const tenth = total === 0 ? 10 : Math.floor((Math.min(sent, total) * 10) / total);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        say(now);
      }
    },
    tick() {
      const now = clock();
      if (now - lastLineAt >= PROGRESS_INTERVAL_MS && sent < total) say(now);
    },
  };
}
