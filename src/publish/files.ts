/** The files a publish uploads, and SHA256SUMS of the names GitHub gave them (SPEC §5, §6). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../ports.ts';
import { InputError } from '../errors.ts';
import type { PublishSettings } from '../settings.ts';
import { Inputs } from '../constants.ts';
import { checkFiles } from '../planning/limits.ts';
import { sha256SumsFile } from '../planning/format.ts';
import { sanitizeAssetName } from '../planning/naming.ts';
import { checksumTable } from '../planning/release-content.ts';
import { describeFiles, findFiles, sha256File } from '../shared/local-files.ts';
import { type Checksums } from './writer.ts';
import type { AssetFile } from './uploader.ts';

export const CHECKSUMS_NAME = 'SHA256SUMS';

/**
 * The files to publish and, with checksums on, the checksum table under the names GitHub is
 * expected to give them (for the body's length check and the dry run; the published table and
 * SHA256SUMS use the names GitHub returns, see {@link checksumsWriter}).
 */
export async function gatherFiles(
  settings: PublishSettings,
  deps: Deps,
): Promise<{ files: AssetFile[]; table: string | undefined }> {
  // Without checksums nothing needs the digests before the uploads: each is computed beside its upload.
  const files = await describeFiles(await findFiles(Inputs.Path, settings.patterns, deps.context.workspace), {
    hash: settings.checksums || settings.dryRun || settings.tagExisting === 'append',
  });
  const problems = checkFiles(files, { extraAssetNames: settings.checksums ? [CHECKSUMS_NAME] : [] });
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  if (!settings.checksums) return { files, table: undefined };
  const named = files.map((f) => ({ ...f, name: sanitizeAssetName(f.name) }));
  return { files, table: checksumTable(named) };
}

/** With checksums on: SHA256SUMS per release, and the path of the last one written (`checksums-file`). */
export interface ChecksumsOnDisk extends Checksums {
  readonly written: () => string;
}

/**
 * SHA256SUMS of the assets as GitHub named them, so `sha256sum -c SHA256SUMS` works on the
 * downloads, written to the runner's temp dir and uploaded after every other asset.
 */
export function checksumsWriter(deps: Deps): ChecksumsOnDisk {
  let written = '';
  return {
    async file(assets) {
      const directory = await mkdtemp(join(deps.context.tempDir, 'crp-'));
      const path = join(directory, CHECKSUMS_NAME);
      const sumsText = sha256SumsFile(assets);
      await writeFile(path, sumsText);
      written = path;
      return { path, name: CHECKSUMS_NAME, size: Buffer.byteLength(sumsText), sha256: await sha256File(path) };
    },
    body: (target, assets) => target.bodyWith(checksumTable(assets.filter((a) => a.name !== CHECKSUMS_NAME))),
    written: () => written,
  };
}
