/**
 * The files `store` will store: glob patterns expanded with `@actions/glob`, each file checked before
 * anything is stored (SPEC §6): inside the workspace, 1 byte to 2 GiB, no two names equal after
 * GitHub's asset-name sanitising, not the manifest's reserved name, at most 1000.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, relative, isAbsolute } from 'node:path';
import * as glob from '@actions/glob';
import type { IfNoFilesFound } from '../settings.ts';
import type { Logger } from '../deps.ts';
import { InputError } from '../errors.ts';
import { checkFiles } from '../planning/limits.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import { MANIFEST_NAME } from './manifest.ts';

export interface SelectedFile {
  /** Real path (symlinks resolved). */
  readonly path: string;
  readonly name: string;
  readonly storedName: string;
  readonly size: number;
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Expands the patterns; throws one error listing every problem, before anything is stored. */
export async function selectFiles(patterns: readonly string[], workspace: string, ifNoFilesFound: IfNoFilesFound, log: Logger): Promise<SelectedFile[]> {
  const globber = await glob.create(patterns.join('\n'), { matchDirectories: false, followSymbolicLinks: true });
  const matched = [...new Set(await globber.glob())].sort();
  if (matched.length === 0) {
    const message = `No files were found with the provided path: ${patterns.join(', ')}. No files will be stored.`;
    if (ifNoFilesFound === 'error') throw new InputError(`Input 'path' matches no files (${patterns.join(', ')}); set 'if-no-files-found' to 'warn' or 'ignore' to allow that`);
    if (ifNoFilesFound === 'warn') log.warning(message);
    else log.info(message);
    return [];
  }
  const root = await realpath(workspace);
  const problems: string[] = [];
  const files: SelectedFile[] = [];
  const seen = new Set<string>();
  for (const path of matched) {
    const real = await realpath(path);
    if (!isInside(root, real)) {
      problems.push(`File '${path}' is outside the workspace ${workspace}${real === path ? '' : ` (it resolves to ${real})`}`);
      continue;
    }
    if (seen.has(real)) continue; // one file reached through two patterns or links
    seen.add(real);
    const name = basename(path);
    files.push({ path: real, name, storedName: sanitizeAssetName(name), size: (await stat(real)).size });
  }
  problems.push(...checkFiles(files, { extraAssetNames: [MANIFEST_NAME] }));
  if (problems.length > 0) throw new InputError(`Cannot store these files: ${problems.join('; ')}`);
  return files;
}
