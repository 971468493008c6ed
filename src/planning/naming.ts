/**
 * Tag and asset names: how a branch becomes part of a tag, how tags are parsed back, how GitHub renames
 * assets, and how name/body templates are filled. Pure functions, no I/O.
 */
import { createHash } from 'node:crypto';
import type { PublishKind } from './types.ts';

/**
 * Longest component we accept verbatim or produce. Git itself has no limit, but a loose ref is a file
 * (255 bytes on most file systems) and the tag adds the prefix, `-latest` and the incomplete prefix.
 */
export const MAX_TAG_COMPONENT_LENGTH = 200;

/**
 * Characters we accept in a tag component. Stricter than `git check-ref-format`, on purpose: besides
 * git's forbidden characters (ASCII controls, space, `~ ^ : ? * [ \`) we also refuse everything GitHub
 * or the tools around it mishandle in release URLs, shells and YAML: `#` (URL fragment), `%` (percent
 * encoding), `&`, `!`, `$`, quotes, brackets, `,`, `;`, `=`, `<`, `>`, `|`, `` ` ``, `@`, and any
 * non-ASCII character (Unicode look-alikes and NFC/NFD forms of "the same" branch would otherwise give
 * different tags that look identical).
 */
const TAG_COMPONENT_CHARS = /^[A-Za-z0-9._+-]+$/;

/**
 * True when `s` is usable verbatim as one component of a tag name: git's `check-ref-format` rules for a
 * single component (not empty, no `/`, no leading `.`, no `..`, no trailing `.`, no `.lock` suffix,
 * no controls/space/`~^:?*[\`, not `@`, no `@{`), plus: no leading `-` (command-line tools read it as
 * an option), only `A–Z a–z 0–9 . _ + -` (see {@link TAG_COMPONENT_CHARS} for why), at most
 * {@link MAX_TAG_COMPONENT_LENGTH} characters.
 */
export function isValidTagComponent(s: string): boolean {
  return (
    s.length > 0 &&
    s.length <= MAX_TAG_COMPONENT_LENGTH &&
    TAG_COMPONENT_CHARS.test(s) &&
    !s.startsWith('.') &&
    !s.startsWith('-') &&
    !s.endsWith('.') &&
    !s.endsWith('.lock') &&
    !s.includes('..')
  );
}

/** Length of the hash suffix a sanitised branch gets. */
const HASH_HEX_CHARS = 8;

/**
 * Turns a branch name into one tag component.
 *
 * Rule (quoted by the README):
 * 1. A branch that is already a valid tag component ({@link isValidTagComponent}) is used verbatim:
 *    `main` → `main`, `release-1.2` → `release-1.2`.
 * 2. Otherwise every run of characters other than `A–Z a–z 0–9 . _ + -`, and every run of two or more
 *    dots, becomes one `-`; runs of `-` collapse to one; leading and trailing `-` and `.` are removed;
 *    the result is cut to 191 characters (and trimmed again); then `-` and the first 8 hex digits of
 *    the SHA-256 of the original branch name (UTF-8) are appended. If nothing is left before the
 *    hash, the component is the 8 hex digits alone.
 *    `feature/x` → `feature-x-<8 hex>`, while the branch `feature-x` stays `feature-x`.
 *
 * The hash keeps different branches apart (`feature/x`, `feature//x` and `feature-x` all differ). Only a branch
 * deliberately named like another branch's sanitised form (or a 32-bit hash collision) could share a
 * tag; even then the release marker holds the verbatim branch, so such a release is reported as a
 * conflict and never overwritten.
 */
export function sanitizeRefComponent(branch: string): string {
  if (isValidTagComponent(branch)) return branch;
  const hash = createHash('sha256').update(branch, 'utf8').digest('hex').slice(0, HASH_HEX_CHARS);
  const maxStem = MAX_TAG_COMPONENT_LENGTH - HASH_HEX_CHARS - 1;
  const stem = trimDashesAndDots(
    trimDashesAndDots(
      branch
        .replace(/[^A-Za-z0-9._+-]+/g, '-')
        .replace(/\.{2,}/g, '-')
        .replace(/-{2,}/g, '-'),
    ).slice(0, maxStem),
  );
  return stem === '' ? hash : `${stem}-${hash}`;
}

function trimDashesAndDots(s: string): string {
  return s.replace(/^[-.]+/, '').replace(/[-.]+$/, '');
}

/** The fields that name a release. `branch` for latest/numbered, `runNumber` for numbered, `tag` for tag. */
export interface TagNameParts {
  readonly kind: PublishKind;
  /** The `tag-prefix` input, e.g. `ci`; must be a valid tag component. */
  readonly prefix: string;
  readonly branch?: string;
  readonly runNumber?: number;
  readonly tag?: string;
}

/**
 * The final tag of a release (SPEC §2): Latest `<prefix>-<branch>-latest`, Numbered
 * `<prefix>-<branch>-<runNumber>` (branch sanitised by {@link sanitizeRefComponent}), Tag: the pushed
 * tag itself. Throws when a field the kind needs is missing or invalid.
 */
export function finalTagName(p: TagNameParts): string {
  if (p.kind === 'tag') return requireTag(p);
  requireValidPrefix(p.prefix, 'tag prefix');
  if (p.branch === undefined || p.branch === '') throw new Error(`A ${p.kind} tag name needs a branch`);
  const branch = sanitizeRefComponent(p.branch);
  if (p.kind === 'latest') return `${p.prefix}-${branch}-latest`;
  if (p.runNumber === undefined || !Number.isSafeInteger(p.runNumber) || p.runNumber < 1) {
    throw new Error(`A numbered tag name needs a positive integer run number, got ${String(p.runNumber)}`);
  }
  return `${p.prefix}-${branch}-${p.runNumber}`;
}

/**
 * The tag name of the incomplete draft a release is filled in before it becomes final (SPEC §2):
 * `<incompletePrefix><final tag>` for Latest/Numbered (`_ci-main-latest`, `_ci-main-41`) and
 * `<incompletePrefix><prefix>-<tag>-tag` for Tag (`_ci-v1.2.0-tag`), so an incomplete Tag draft can
 * never be mistaken for the user's own tag.
 */
export function incompleteTagName(p: TagNameParts & { readonly incompletePrefix: string }): string {
  requireValidPrefix(p.incompletePrefix, 'incomplete prefix');
  if (p.kind === 'tag') {
    requireValidPrefix(p.prefix, 'tag prefix');
    return `${p.incompletePrefix}${p.prefix}-${requireTag(p)}-tag`;
  }
  return `${p.incompletePrefix}${finalTagName(p)}`;
}

function requireTag(p: TagNameParts): string {
  if (p.tag === undefined || p.tag === '') throw new Error('A tag release name needs the pushed tag');
  return p.tag;
}

function requireValidPrefix(prefix: string, what: string): void {
  if (!isValidTagComponent(prefix)) {
    throw new Error(
      `Invalid ${what} '${prefix}': expected letters, digits, '.', '_', '+' or '-', not starting with '.' or '-'`,
    );
  }
}

/** What {@link parseFinalTagName} recognises. */
export type ParsedFinalTag =
  | { readonly kind: 'latest'; readonly branchComponent: string }
  | { readonly kind: 'numbered'; readonly branchComponent: string; readonly runNumber: number };

/**
 * Reads a Latest or Numbered tag made by {@link finalTagName} back, from the right (the branch part may
 * itself end in `-latest` or `-<digits>`). Returns the sanitised branch component, or undefined for any
 * other tag. A tag name alone is never proof of ownership: callers still check the release's marker.
 */
export function parseFinalTagName(tag: string, prefix: string): ParsedFinalTag | undefined {
  const head = `${prefix}-`;
  if (!tag.startsWith(head)) return undefined;
  const rest = tag.slice(head.length);
  const latest = /^(.+)-latest$/.exec(rest);
  if (latest?.[1] !== undefined) {
    return isValidTagComponent(latest[1]) ? { kind: 'latest', branchComponent: latest[1] } : undefined;
  }
  const numbered = /^(.+)-([1-9][0-9]*)$/.exec(rest);
  if (numbered?.[1] === undefined || numbered[2] === undefined) return undefined;
  const runNumber = Number(numbered[2]);
  if (!Number.isSafeInteger(runNumber) || !isValidTagComponent(numbered[1])) return undefined;
  return { kind: 'numbered', branchComponent: numbered[1], runNumber };
}

/** Latin letters Unicode decomposition does not reduce to ASCII; the ones GitHub is seen to transliterate. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  æ: 'ae',
  Æ: 'AE',
  ð: 'd',
  Ð: 'D',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  Œ: 'OE',
  ß: 'ss',
  þ: 'th',
  Þ: 'TH',
  ŋ: 'ng',
  Ŋ: 'NG',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
};

/** A name GitHub keeps as it is: allowed characters only, not starting or ending with a dot. */
const PLAIN_ASSET_NAME = /^[A-Za-z0-9_+-](?:[A-Za-z0-9._+-]*[A-Za-z0-9_+-])?$/;

/**
 * The name GitHub gives an uploaded asset (it renames instead of refusing), so that two files that
 * would collide are caught before any upload. Our model:
 * 1. Latin letters with accents lose them (`é` → `e`, `ż` → `z`, via NFKD) and a few letters are
 *    spelled out (`æ` → `ae`, `ð` → `d`, `ŋ` → `ng`, `ß` → `ss` ...).
 * 2. Every run of characters outside `[A-Za-z0-9._+-]`, together with the dots directly around it,
 *    becomes one `.` (`My App (x64).zip` → `My.App.x64.zip`, `a {}~.txt` → `a.txt`).
 * 3. Trailing dots are removed; leading dots are replaced by `default.` (`.env` → `default.env`, an
 *    emoji-only `😀.pdf` → `default.pdf`); an empty result is `default`.
 *
 * Evidence (observed by users, GitHub documents no algorithm): spaces, `~`, `:`, `(`, `)`, `[`, `@`
 * become `.` (softprops/action-gh-release#159, actions/upload-release-asset#57, cli/cli#10585);
 * `fake.      file.txt` → `fake.file.txt` and `erick%%%%%!!!zhao.txt` → `erick.zhao.txt`
 * (electron/forge#1761); `…{}~.txt` → `….txt` and `a5_ð_æ_©_ŋ.txt` → `a5_d_ae_._ng.txt`
 * (travis-ci/dpl#821); `ć` → `c` (cli/cli#7201); emoji names → `default.pdf`
 * (softprops/action-gh-release#542). Differences from NOTES.md's short rule: NOTES turns non-ASCII
 * letters into `.`, GitHub transliterates them (we cover the common Latin ones only; CJK and symbols
 * become `.`, which matches the reports); NOTES does not mention the dot merging of step 2. The
 * handling of trailing dots is an educated guess (GitHub's docs only say such names are renamed).
 * A `+` is kept because uploads send the name percent-encoded (`%2B`); a bare `+` would be a space.
 * This prediction only serves the collision check: what is published uses the names GitHub returns.
 */
export function sanitizeAssetName(name: string): string {
  // Most names need nothing: skip the Unicode work (its first use alone cost ~15 ms, bench P1).
  if (PLAIN_ASSET_NAME.test(name)) return name;
  const transliterated = Array.from(name.normalize('NFKD'), (c) => TRANSLITERATIONS[c] ?? c)
    .join('')
    .replace(/\p{M}+/gu, '');
  // `+` survives: the upload sends the name percent-encoded, and GitHub keeps a `%2B` as `+`.
  const replaced = transliterated.replace(/\.*[^A-Za-z0-9._+-]+(?:\.+[^A-Za-z0-9._+-]*)*/g, '.');
  const withoutTrailing = replaced.replace(/\.+$/, '');
  if (withoutTrailing === '') return 'default';
  return withoutTrailing.startsWith('.') ? `default.${withoutTrailing.replace(/^\.+/, '')}` : withoutTrailing;
}

/** The placeholders names and bodies accept (SPEC §4), without braces. */
export const PLACEHOLDERS = [
  'branch',
  'tag',
  'run_number',
  'run_id',
  'run_attempt',
  'run_url',
  'sha',
  'short_sha',
  'date',
  'repository',
  'checksums',
  'changes',
] as const;

/** One of {@link PLACEHOLDERS}. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * Replaces each `{name}` (name `[a-z_]+`) that `vars` has with its value, in one pass: a value that
 * itself contains `{x}` is not expanded again (branch names and commit messages are user data).
 * Unknown placeholders stay as written, so a body with literal braces survives.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, key: string) =>
    Object.hasOwn(vars, key) ? (vars[key] ?? whole) : whole,
  );
}
