/**
 * The files `store` will store: the files the patterns pick (shared/find-files.ts: the same rules as
 * publish), each checked before anything is stored (SPEC §6): 1 byte to 2 GiB, no two names equal
 * after GitHub's asset-name sanitising, not the manifest's reserved name, at most 1000.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Inputs } from '../constants.ts';
import type { IfNoFilesFound } from '../settings.ts';
import type { Logger } from '../ports.ts';
import { InputError } from '../errors.ts';
import { checkFiles } from '../planning/limits.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import { findFiles } from '../shared/find-files.ts';
import { MANIFEST_NAME } from './manifest.ts';

export interface SelectedFile {
  /** Absolute path, as matched. */
  readonly path: string;
  readonly name: string;
  readonly storedName: string;
  readonly size: number;
}

/** Picks the files; throws one error listing every problem, before anything is stored. */
export async function selectFiles(
  patterns: readonly string[],
  workspace: string,
  ifNoFilesFound: IfNoFilesFound,
  log: Logger,
): Promise<SelectedFile[]> {
  const matched = await findFiles(Inputs.Path, patterns, workspace, { allowNone: true });
  if (matched.length === 0) {
    const message = `No files were found with the provided path: ${patterns.join(', ')}. No files will be stored.`;
    if (ifNoFilesFound === 'error')
      throw new InputError(
        `Input 'path' matches no files (${patterns.join(', ')}); set 'if-no-files-found' to 'warn' or 'ignore' to allow that`,
      );
    if (ifNoFilesFound === 'warn') log.warning(message);
    else log.info(message);
    return [];
  }
  const files: SelectedFile[] = [];
  for (const path of matched) {
    const name = basename(path);
    files.push({ path, name, storedName: sanitizeAssetName(name), size: (await stat(path)).size });
  }
  const problems = checkFiles(files, { extraAssetNames: [MANIFEST_NAME] });
  if (problems.length > 0) throw new InputError(`Cannot store these files: ${problems.join('; ')}`);
  return files;
}
