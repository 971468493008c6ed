/**
 * Reading raw inputs. `InputReader` is injected so parsing is pure and testable with a plain map;
 * the entry point passes one backed by `core.getInput`.
 */
import { InputError } from '../errors.ts';

/** Returns the trimmed raw value of an input, '' when unset. */
export type InputReader = (name: string) => string;

/** Runs a parser from `planning/parse.ts` (which throws plain Errors) and re-throws as InputError. */
export function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (InputError.isInputError(error)) throw error;
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}

export function invalid(input: string, value: string, allowed: string): InputError {
  return new InputError(`Input '${input}' has invalid value '${value}': ${allowed}.`);
}

export function requireInput(read: InputReader, input: string, why = ''): string {
  const value = read(input);
  if (value === '') throw new InputError(`Input '${input}' is required${why ? ` ${why}` : ''} but was empty.`);
  return value;
}

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts, with a one-line error. */
export function readBoolean(read: InputReader, input: string, fallback: boolean): boolean {
  const value = read(input);
  if (value === '') return fallback;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw invalid(input, value, "expected 'true' or 'false'");
}

/** Newline-separated values (glob patterns may hold commas, as in `{a,b}`), trimmed, empties dropped. */
export function splitLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
