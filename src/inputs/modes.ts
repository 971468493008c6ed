/** Settings of the store, collect and cleanup modes. */
import { Inputs, Mode, StoreBackend } from '../constants.ts';
import type {
  CleanupScope,
  CleanupSettings,
  CleanupWhat,
  CollectSettings,
  CommonSettings,
  IfNoFilesFound,
  StoreSettings,
} from '../settings.ts';
import { parseChoice, parseChoices, parseNonNegativeInt } from '../planning/parse.ts';
import { invalid, parsed, readBoolean, requireInput, splitLines, type InputReader } from './reader.ts';

const BACKENDS = Object.values(StoreBackend);

function readBackend(read: InputReader): StoreBackend {
  const value = read(Inputs.Backend) || StoreBackend.Auto;
  return parsed(() => parseChoice(Inputs.Backend, value, BACKENDS));
}

export function readStore(read: InputReader, common: CommonSettings): StoreSettings {
  const patterns = splitLines(
    requireInput(read, Inputs.Path, '(newline-separated glob patterns of the files to store)'),
  );
  const retentionValue = read(Inputs.RetentionDays) || '0';
  const retentionDays = parsed(() => parseNonNegativeInt(Inputs.RetentionDays, retentionValue));
  if (retentionDays > 90) {
    throw invalid(Inputs.RetentionDays, retentionValue, "expected 0 (the repository's default) to 90 days");
  }
  const ifNoFilesValue = read(Inputs.IfNoFilesFound) || 'error';
  const ifNoFilesFound = parsed(() =>
    parseChoice<IfNoFilesFound>(Inputs.IfNoFilesFound, ifNoFilesValue, ['error', 'warn', 'ignore']),
  );
  return { ...common, mode: Mode.Store, patterns, backend: readBackend(read), retentionDays, ifNoFilesFound };
}

export function readCollect(read: InputReader, common: CommonSettings): CollectSettings {
  const destination = requireInput(read, Inputs.Path, '(the directory to collect into)');
  return { ...common, mode: Mode.Collect, destination, backend: readBackend(read) };
}

const SCOPES: readonly CleanupScope[] = ['current-job', 'current-run', 'previous-runs'];
const WHATS: readonly CleanupWhat[] = ['store', 'incomplete'];

export function readCleanup(read: InputReader, common: CommonSettings): CleanupSettings {
  const scopeValue = read(Inputs.Scope) || 'current-run, previous-runs';
  const whatValue = read(Inputs.What) || 'store, incomplete';
  return {
    ...common,
    mode: Mode.Cleanup,
    scopes: new Set(parsed(() => parseChoices(Inputs.Scope, scopeValue, SCOPES))),
    what: new Set(parsed(() => parseChoices(Inputs.What, whatValue, WHATS))),
    ifRunFailing: readBoolean(read, Inputs.IfRunFailing, false),
    backend: readBackend(read),
  };
}
