/** GitHub's limits on releases (SPEC §6), checked before the first write. */
import { humanBytes } from './format.ts';
import { sanitizeAssetName } from './naming.ts';

/** Largest asset GitHub accepts: 2 GiB. */
export const MAX_ASSET_BYTES = 2 * 1024 ** 3;
/** Most assets one release may hold. */
export const MAX_ASSETS = 1000;
/** Longest release body, in characters. */
export const MAX_BODY_CHARS = 125_000;

/** A file about to become an asset. */
export interface PlannedFile {
  /** Where it is on disk (for messages). */
  readonly path: string;
  /** The asset name we ask for (before GitHub's renaming). */
  readonly name: string;
  readonly size: number;
}

/**
 * Every problem GitHub would reject mid-upload, one message each: empty files, files over 2 GiB, more
 * than 1000 assets (the extra generated assets, e.g. `SHA256SUMS`, included), and names that GitHub's
 * renaming ({@link sanitizeAssetName}) would make equal. Empty when all is well.
 */
export function checkFiles(
  files: readonly PlannedFile[],
  opts?: { readonly extraAssetNames?: readonly string[] },
): string[] {
  const problems: string[] = [];
  for (const f of files) {
    if (f.size === 0) problems.push(`File '${f.path}' is empty (0 bytes); GitHub does not accept empty release assets`);
    if (f.size > MAX_ASSET_BYTES) {
      problems.push(
        `File '${f.path}' is ${humanBytes(f.size)} (${f.size} bytes); GitHub accepts release assets up to 2 GiB (${MAX_ASSET_BYTES} bytes)`,
      );
    }
  }
  const extra = opts?.extraAssetNames ?? [];
  const total = files.length + extra.length;
  if (total > MAX_ASSETS) {
    const what =
      extra.length > 0
        ? `${files.length} files + ${extra.length} generated (${extra.join(', ')})`
        : `${files.length} files`;
    problems.push(`${total} assets (${what}) exceed GitHub's limit of ${MAX_ASSETS} assets per release`);
  }
  const byAssetName = new Map<string, string[]>();
  const add = (name: string, label: string): void => {
    const key = sanitizeAssetName(name);
    byAssetName.set(key, [...(byAssetName.get(key) ?? []), label]);
  };
  for (const f of files) add(f.name, `'${f.path}'`);
  for (const name of extra) add(name, `the generated ${name}`);
  for (const [assetName, labels] of byAssetName) {
    if (labels.length > 1) {
      problems.push(
        `${joinAnd(labels)} would all be uploaded as the asset '${assetName}' (GitHub renames asset names); rename all but one`,
      );
    }
  }
  return problems;
}

/**
 * A message when `body` (the rendered body of the input named `input`) is longer than GitHub allows,
 * counted in Unicode code points; undefined when it fits.
 */
export function checkBody(body: string, input: string): string | undefined {
  let length = 0;
  for (const _ of body) length++;
  if (length <= MAX_BODY_CHARS) return undefined;
  return `Input '${input}' gives a release body of ${length} characters (the marker and checksum table included); GitHub allows at most ${MAX_BODY_CHARS}`;
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
