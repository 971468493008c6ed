/**
 * Parsing helpers for action inputs. Each throws an Error whose message is one line naming the input,
 * the value and what is allowed (SPEC §6); the caller passes the input's name.
 */

/** Seconds per duration unit. */
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Longest duration accepted: 100 years. Longer is almost surely a typo; 0 already means "off". */
export const MAX_DURATION_SECONDS = 36_525 * 86_400;

/**
 * A duration in seconds: a plain integer (seconds), or one or more `<integer><unit>` parts with unit
 * `s`, `m`, `h`, `d` or `w` (`30d`, `12h`, `45m`, `90s`, `1d12h`). `0` means off. Surrounding
 * whitespace is ignored; negative numbers, decimals (`1.5d`: write `36h`), other units, empty values
 * and durations over 100 years are rejected.
 */
export function parseDuration(input: string, value: string): number {
  const text = value.trim();
  const fail = (): never =>
    invalid(
      input,
      value,
      'expected seconds or a duration like 30d, 12h, 45m, 90s or 1d12h (0 = off), at most 100 years',
    );
  if (/^[0-9]+$/.test(text)) return withinDurationLimit(Number(text), fail);
  if (!/^(?:[0-9]+[smhdw])+$/.test(text)) return fail();
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)([smhdw])/g))
    total += Number(amount) * (UNIT_SECONDS[unit ?? ''] ?? NaN);
  return withinDurationLimit(total, fail);
}

function withinDurationLimit(seconds: number, fail: () => never): number {
  return Number.isSafeInteger(seconds) && seconds <= MAX_DURATION_SECONDS ? seconds : fail();
}

/** An integer ≥ 0 written in decimal digits only (no sign, no decimals, no exponent). */
export function parseNonNegativeInt(input: string, value: string): number {
  const text = value.trim();
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) ? n : invalid(input, value, 'expected a whole number ≥ 0');
}

/** An integer ≥ 1 written in decimal digits only. */
export function parsePositiveInt(input: string, value: string): number {
  const text = value.trim();
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(n) && n >= 1 ? n : invalid(input, value, 'expected a whole number ≥ 1');
}

/** Items of a list input: split on newlines and commas, trimmed, empty items dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\r\n,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * `OWNER/REPO` by GitHub's naming rules: owner 1–39 letters, digits and single hyphens, not starting
 * or ending with a hyphen; repository 1–100 of letters, digits, `.`, `_`, `-`, not `.` or `..`.
 */
export function parseRepository(input: string, value: string): { owner: string; repo: string } {
  const parts = value.trim().split('/');
  const [owner, repo] = parts;
  if (
    parts.length === 2 &&
    owner !== undefined &&
    repo !== undefined &&
    owner.length <= 39 &&
    /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(owner) &&
    repo.length <= 100 &&
    /^[A-Za-z0-9._-]+$/.test(repo) &&
    repo !== '.' &&
    repo !== '..'
  ) {
    return { owner, repo };
  }
  return invalid(
    input,
    value,
    'expected OWNER/REPO, the owner up to 39 letters, digits and single hyphens, the repository up to 100 letters, digits, ".", "_" or "-"',
  );
}

/** One of `allowed`, exactly (case-sensitive, surrounding whitespace ignored). */
export function parseChoice<T extends string>(input: string, value: string, allowed: readonly T[]): T {
  const text = value.trim();
  const found = allowed.find((a) => a === text);
  return found ?? invalid(input, value, `expected one of ${allowed.join(', ')}`);
}

/** A list input ({@link parseList}) whose every item is one of `allowed`; duplicates dropped, order kept. */
export function parseChoices<T extends string>(input: string, value: string, allowed: readonly T[]): T[] {
  const chosen: T[] = [];
  for (const item of parseList(value)) {
    const found = allowed.find((a) => a === item);
    if (found === undefined) {
      return invalid(
        input,
        value,
        `expected a comma- or newline-separated list of ${allowed.join(', ')}; '${item}' is not one of them`,
      );
    }
    if (!chosen.includes(found)) chosen.push(found);
  }
  return chosen;
}

/** Throws the one-line message SPEC §6 asks for. Control characters are escaped to keep it one line. */
function invalid(input: string, value: string, expected: string): never {
  throw new Error(`Input '${input}' has invalid value ${JSON.stringify(value).replace(/^"|"$/g, "'")}: ${expected}`);
}
