import { readFileSync } from 'node:fs';
import { Inputs, KindFields, Mode } from '../constants.ts';
import { InputError } from '../errors.ts';
import type { CommonSettings, PublishSettings, ReleaseOptions, TagExisting } from '../settings.ts';
import type { PublishKind } from '../planning/types.ts';
import { parseChoice, parseDuration, parseList, parseNonNegativeInt } from '../planning/parse.ts';
import { checkBody } from '../planning/limits.ts';
import { isValidTagComponent } from '../planning/naming.ts';
import { WORKFLOW_EVENTS } from './events.ts';
import { invalid, parsed, readBoolean, requireInput, splitLines, type InputReader } from './reader.ts';

export const DEFAULT_LATEST_EVENTS = ['push', 'schedule', 'workflow_dispatch'];
export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 8;
const MAKE_LATEST = ['true', 'false', 'legacy'] as const;
const TAG_EXISTING: readonly TagExisting[] = ['fail', 'replace', 'append'];

function readLook(read: InputReader, kind: PublishKind, workspace: string): ReleaseOptions {
  const input = (field: (typeof KindFields)[number]): string => `${kind}-${field}`;
  const bodyPath = read(input('body-path'));
  let body = read(input('body'));
  if (bodyPath !== '') {
    if (body !== '')
      throw new InputError(`Inputs '${input('body')}' and '${input('body-path')}' were both given: use one.`);
    try {
      body = readFileSync(bodyPath.startsWith('/') ? bodyPath : `${workspace}/${bodyPath}`, 'utf8');
    } catch (error) {
      throw invalid(
        input('body-path'),
        bodyPath,
        `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  const bodyProblem = checkBody(body, bodyPath !== '' ? input('body-path') : input('body'));
  if (bodyProblem) throw new InputError(bodyProblem);
  const makeLatest = read(input('make-latest')) || 'false';
  if (!(MAKE_LATEST as readonly string[]).includes(makeLatest)) {
    throw invalid(input('make-latest'), makeLatest, `expected one of ${MAKE_LATEST.join(', ')}`);
  }
  const draft = readBoolean(read, input('draft'), false);
  const prerelease = readBoolean(read, input('prerelease'), false);
  if (makeLatest === 'true' && (draft || prerelease)) {
    throw invalid(
      input('make-latest'),
      makeLatest,
      `GitHub refuses 'true' for a ${draft ? 'draft' : 'prerelease'} release; use 'false' or 'legacy'`,
    );
  }
  return {
    title: read(input('title')),
    body,
    draft,
    prerelease,
    targetCommitish: read(input('target-commitish')),
    makeLatest: makeLatest as ReleaseOptions['makeLatest'],
  };
}

const IMMUTABLE_RELEASES = ['auto', 'on', 'off'] as const;

function readImmutableReleases(read: InputReader): PublishSettings['immutableReleases'] {
  const value = read(Inputs.ImmutableReleases) || 'auto';
  if (!(IMMUTABLE_RELEASES as readonly string[]).includes(value))
    throw invalid(Inputs.ImmutableReleases, value, `expected one of ${IMMUTABLE_RELEASES.join(', ')}`);
  return value as PublishSettings['immutableReleases'];
}

/** Every name must be an event GitHub has: a typo would never match a run and so never block. */
function readLatestEvents(read: InputReader): string[] {
  const value = read(Inputs.LatestEvents);
  const events = value === '' ? DEFAULT_LATEST_EVENTS : parseList(value);
  if (events.length === 0)
    throw invalid(Inputs.LatestEvents, value, 'expected event names such as push, schedule, workflow_dispatch');
  for (const event of events) {
    if (!WORKFLOW_EVENTS.includes(event)) {
      throw invalid(
        Inputs.LatestEvents,
        value,
        `'${event}' is not an event that triggers workflows (GitHub's list: "Events that trigger workflows"); expected names such as push, schedule, workflow_dispatch`,
      );
    }
  }
  return events;
}

/** `tag-existing`, with `tag-force-recreate: true` as the older spelling of `replace`. */
function readTagExisting(read: InputReader): TagExisting {
  const value = read(Inputs.TagExisting) || 'fail';
  const choice = parsed(() => parseChoice<TagExisting>(Inputs.TagExisting, value, TAG_EXISTING));
  const forceRecreate = readBoolean(read, Inputs.TagForceRecreate, false);
  if (!forceRecreate) return choice;
  if (choice === 'append') {
    throw invalid(
      Inputs.TagForceRecreate,
      'true',
      'it means tag-existing: replace, which contradicts tag-existing: append; set one of them',
    );
  }
  return 'replace';
}

/** `release-tag`: a git tag name (one that exists is checked against GitHub before any write). */
function readReleaseTag(read: InputReader): string | undefined {
  const value = read(Inputs.ReleaseTag);
  if (value === '') return undefined;
  const tag = value.replace(/^refs\/tags\//, '');
  const parts = tag.split('/');
  if (!parts.every(isValidTagComponent)) {
    throw invalid(
      Inputs.ReleaseTag,
      value,
      "expected the name of an existing git tag, e.g. v1.2.0 (letters, digits, '.', '_', '+', '-', parts separated by '/')",
    );
  }
  return tag;
}

export function readPublish(read: InputReader, common: CommonSettings, workspace: string): PublishSettings {
  const patterns = splitLines(requireInput(read, Inputs.Path, '(a directory or newline-separated glob patterns)'));
  const kinds = new Set<PublishKind>();
  if (readBoolean(read, Inputs.Latest, true)) kinds.add('latest');
  if (readBoolean(read, Inputs.Numbered, true)) kinds.add('numbered');
  if (readBoolean(read, Inputs.Tag, true)) kinds.add('tag');
  if (kinds.size === 0)
    throw new InputError("Inputs 'latest', 'numbered' and 'tag' are all 'false': nothing to publish.");
  const keepCountValue = read(Inputs.NumberedKeepCount) || '10';
  const numberedKeepCount = parsed(() => parseNonNegativeInt(Inputs.NumberedKeepCount, keepCountValue));
  const keepAgeValue = read(Inputs.NumberedKeepAge) || '0';
  const numberedKeepAgeSeconds = parsed(() => parseDuration(Inputs.NumberedKeepAge, keepAgeValue));
  if (kinds.has('numbered') && numberedKeepCount === 0 && numberedKeepAgeSeconds === 0) {
    throw new InputError(
      `Inputs 'numbered-keep-count' and 'numbered-keep-age' are both 0 while 'numbered' is on: set at least one above 0, or Numbered releases pile up forever.`,
    );
  }
  const concurrencyValue = read(Inputs.Concurrency) || String(DEFAULT_CONCURRENCY);
  const concurrency = parsed(() => parseNonNegativeInt(Inputs.Concurrency, concurrencyValue));
  if (concurrency < 1 || concurrency > MAX_CONCURRENCY)
    throw invalid(Inputs.Concurrency, concurrencyValue, `expected a whole number from 1 to ${MAX_CONCURRENCY}`);
  const maxWaitValue = read(Inputs.MaxWait) || '30m';
  const maxWaitSeconds = parsed(() => parseDuration(Inputs.MaxWait, maxWaitValue));
  const latestEvents = readLatestEvents(read);
  return {
    ...common,
    mode: Mode.Publish,
    patterns,
    kinds,
    numberedKeepCount,
    numberedKeepAgeSeconds,
    looks: {
      latest: readLook(read, 'latest', workspace),
      numbered: readLook(read, 'numbered', workspace),
      tag: readLook(read, 'tag', workspace),
    },
    latestEvents,
    tagExisting: readTagExisting(read),
    releaseTag: readReleaseTag(read),
    skipUnchanged: readBoolean(read, Inputs.SkipUnchanged, true),
    checksums: readBoolean(read, Inputs.Checksums, true),
    concurrency,
    maxWaitSeconds,
    commitStatus: readBoolean(read, Inputs.CommitStatus, false),
    dryRun: readBoolean(read, Inputs.DryRun, false),
    immutableReleases: readImmutableReleases(read),
  };
}
