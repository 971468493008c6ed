import { Inputs } from '../constants.ts';
import type { CommonSettings, RepositoryRef } from '../settings.ts';
import { parsePositiveInt, parseRepository } from '../planning/parse.ts';
import { invalid, parsed, requireInput, type InputReader } from './reader.ts';

/** A tag prefix must itself be usable at the start of a git tag name. */
function readPrefix(read: InputReader, input: string, fallback: string, allowEmpty: boolean): string {
  const value = read(input) || fallback;
  if (value === '' && allowEmpty) return value;
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(value) || value.includes('..') || value.endsWith('.lock')) {
    throw invalid(input, value, 'expected letters, digits, `.`, `_` or `-`, not starting with `.` or `-`');
  }
  return value;
}

export function readCommon(read: InputReader, currentRepository: RepositoryRef): CommonSettings {
  const token = requireInput(read, Inputs.Token, '(a GitHub token; the default is ${{ github.token }})');
  const repositoryValue = read(Inputs.Repository);
  const repository = repositoryValue === '' ? currentRepository : parsed(() => parseRepository(Inputs.Repository, repositoryValue));
  const tagPrefix = readPrefix(read, Inputs.TagPrefix, 'ci', false);
  const incompletePrefix = read(Inputs.IncompletePrefix) === '' ? '_' : read(Inputs.IncompletePrefix);
  if (!/^[A-Za-z0-9._-]+$/.test(incompletePrefix) || incompletePrefix.startsWith('.') || incompletePrefix === tagPrefix) {
    throw invalid(Inputs.IncompletePrefix, incompletePrefix, `expected a few letters, digits, \`_\`, \`.\` or \`-\`, different from tag-prefix '${tagPrefix}'`);
  }
  const jobIdValue = read(Inputs.JobId);
  const jobId = jobIdValue === '' ? undefined : parsed(() => parsePositiveInt(Inputs.JobId, jobIdValue));
  const releaseToken = read(Inputs.ReleaseToken) || token;
  return { token, releaseToken, repository, tagPrefix, incompletePrefix, jobId };
}
