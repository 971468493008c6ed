/**
 * getSettings: the only place raw inputs become a typed, validated settings object. Pure given
 * `read` (and the run's repository and workspace), so every rule is tested without a runner.
 */
import { Inputs, Mode } from '../constants.ts';
import type { RepositoryRef, Settings } from '../settings.ts';
import { parseChoice } from '../planning/parse.ts';
import { readCommon } from './common.ts';
import { readCleanup, readCollect, readStore } from './modes.ts';
import { readPublish } from './publish.ts';
import { parsed, requireInput, type InputReader } from './reader.ts';

export type { InputReader } from './reader.ts';

export interface InputEnvironment {
  readonly currentRepository: RepositoryRef;
  readonly workspace: string;
}

export function getSettings(read: InputReader, env: InputEnvironment): Settings {
  const modeValue = requireInput(read, Inputs.Mode, `(one of ${Object.values(Mode).join(', ')})`);
  const mode = parsed(() => parseChoice(Inputs.Mode, modeValue, Object.values(Mode)));
  const common = readCommon(read, env.currentRepository);
  switch (mode) {
    case Mode.Store:
      return readStore(read, common);
    case Mode.Collect:
      return readCollect(read, common);
    case Mode.Publish:
      return readPublish(read, common, env.workspace);
    case Mode.Cleanup:
      return readCleanup(read, common);
  }
}
