import { Inputs } from '../constants.ts';
import type { CommonSettings, RepositoryRef } from '../settings.ts';
import { parsePositiveInt, parseRepository } from '../planning/parse.ts';
import { invalid, parsed, requireInput, type InputReader } from './reader.ts';

const PREFIX_RULE = 'expected letters, digits, `.`, `_` or `-`, not starting with `.` or `-`';

/**
 * A tag prefix must itself be usable at the start of a git tag name. Empty is refused: action.yml
 * gives the default, so an empty value was written on purpose, and tags without a prefix would
 * mix this action's releases with the project's own tags.
 */
function readTagPrefix(read: InputReader): string {
  const value = read(Inputs.TagPrefix);
  if (value === '')
    throw invalid(Inputs.TagPrefix, value, `${PREFIX_RULE}; it must not be empty (the default is 'ci')`);
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(value) || value.includes('..') || value.endsWith('.lock')) {
    throw invalid(Inputs.TagPrefix, value, PREFIX_RULE);
  }
  return value;
}

export function readCommon(read: InputReader, currentRepository: RepositoryRef): CommonSettings {
  const token = requireInput(read, Inputs.Token, '(a GitHub token; the default is ${{ github.token }})');
  const repositoryValue = read(Inputs.Repository);
  const repository =
    repositoryValue === '' ? currentRepository : parsed(() => parseRepository(Inputs.Repository, repositoryValue));
  const tagPrefix = readTagPrefix(read);
  const incompletePrefix = read(Inputs.IncompletePrefix);
  // Empty would make an incomplete draft's tag the final tag itself.
  if (
    !/^[A-Za-z0-9._-]+$/.test(incompletePrefix) ||
    incompletePrefix.startsWith('.') ||
    incompletePrefix === tagPrefix
  ) {
    throw invalid(
      Inputs.IncompletePrefix,
      incompletePrefix,
      `expected one or more letters, digits, \`_\`, \`.\` or \`-\` (not empty), different from tag-prefix '${tagPrefix}'`,
    );
  }
  const jobIdValue = read(Inputs.JobId);
  const jobId = jobIdValue === '' ? undefined : parsed(() => parsePositiveInt(Inputs.JobId, jobIdValue));
  const releaseToken = read(Inputs.ReleaseToken) || token;
  return { token, releaseToken, repository, tagPrefix, incompletePrefix, jobId };
}
