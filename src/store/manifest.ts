/**
 * The manifest stored with every item: which files, under which stored names, with what size and
 * sha256, made by which run, attempt and job. Collect trusts nothing else about an item, and checks
 * the manifest itself strictly (it is data read back from storage).
 */

/** Name of the manifest inside an item; refused as a user file name so it can never clash. */
export const MANIFEST_NAME = 'ci-release-publisher-manifest.json';

/** Largest manifest collect will read (1000 files with long names fit easily). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface StoredFile {
  /** The file's base name as it was on disk; collect writes it back under this name. */
  readonly name: string;
  /** Its name inside the item: GitHub's sanitised asset name (plain `[A-Za-z0-9._+-]`). */
  readonly storedName: string;
  readonly size: number;
  /** Lowercase hex. */
  readonly sha256: string;
}

export interface Manifest {
  readonly version: 1;
  readonly runId: number;
  readonly runAttempt: number;
  readonly jobId: number;
  /** The job's display name from the jobs API (matrix values included), when it could be read. */
  readonly jobName?: string;
  readonly files: readonly StoredFile[];
}

/** How a job is named in messages: `'build (linux)' (job 123, attempt 2)`. */
export function describeJob(m: Pick<Manifest, 'jobId' | 'runAttempt' | 'jobName'>): string {
  const name = m.jobName ? `'${m.jobName}' ` : '';
  return `${name}(job ${m.jobId}, attempt ${m.runAttempt})`;
}

/** True for a name that is one plain path component: nothing a join could turn into another place. */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name) && name.length <= 255;
}

// `+` too: sent as `%2B`, GitHub keeps it in asset names.
const STORED_NAME = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/;

/** Parses and validates a manifest read back from storage; throws naming `where` on anything odd. */
export function parseManifest(text: string, where: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`The manifest of ${where} is not valid JSON`);
  }
  const problem = manifestProblem(value);
  if (problem !== undefined) throw new Error(`The manifest of ${where} is invalid: ${problem}`);
  return value as Manifest;
}

function manifestProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const m = value as Record<string, unknown>;
  if (m.version !== 1) return `unknown version ${String(m.version)}`;
  for (const key of ['runId', 'runAttempt', 'jobId'] as const) {
    if (!isCount(m[key]) || m[key] === 0) return `${key} is not a positive integer`;
  }
  if (m.jobName !== undefined && typeof m.jobName !== 'string') return 'jobName is not a string';
  if (!Array.isArray(m.files)) return 'files is not a list';
  const names = new Set<string>();
  const storedNames = new Set<string>();
  for (const f of m.files as unknown[]) {
    if (typeof f !== 'object' || f === null) return 'a file entry is not an object';
    const { name, storedName, size, sha256 } = f as Record<string, unknown>;
    if (typeof name !== 'string' || !isPlainFileName(name))
      return `file name ${JSON.stringify(name)} is not a plain file name`;
    if (typeof storedName !== 'string' || !STORED_NAME.test(storedName))
      return `stored name ${JSON.stringify(storedName)} of '${name}' is invalid`;
    if (!isCount(size)) return `size of '${name}' is not a byte count`;
    if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256))
      return `sha256 of '${name}' is not 64 lowercase hex digits`;
    if (names.has(name) || storedNames.has(storedName)) return `'${name}' is listed twice`;
    names.add(name);
    storedNames.add(storedName);
  }
  return undefined;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
