/**
 * The README's input and output tables, generated from action.yml so they can never drift:
 * `npm run docs` rewrites the parts of README.md between the `<!-- inputs:start -->` /
 * `<!-- inputs:end -->` and `<!-- outputs:start -->` / `<!-- outputs:end -->` markers, and
 * `__tests__/meta/readme.test.ts` fails when README.md differs from what this script would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface ActionSpec {
  readonly inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  readonly outputs?: Record<string, { description?: string }>;
}

/** Markdown-safe table cell: `|` would end the cell, `<x>` would be swallowed as an HTML tag. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/**
 * Splits action.yml's `"publish: what it does"` convention into the modes an input or output
 * applies to and the rest of the text; no prefix means every mode.
 */
export function splitModes(description: string): { modes: string; text: string } {
  const match = /^((?:store|collect|publish|cleanup)(?:\/(?:store|collect|publish|cleanup))*): (.*)$/s.exec(
    description,
  );
  if (!match?.[1] || match[2] === undefined) return { modes: 'all', text: description };
  return { modes: match[1].split('/').join(', '), text: match[2].charAt(0).toUpperCase() + match[2].slice(1) };
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The two tables for the given action.yml text. */
export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const action = parse(actionYml) as ActionSpec;
  const inputs = Object.entries(action.inputs ?? {}).map(([name, spec]) => {
    const { modes, text } = describe(String(spec.description ?? ''));
    const value = String(spec.default ?? '');
    const shown = spec.required ? '**required**' : value === '' ? '—' : `\`${value.replace(/\|/g, '\\|')}\``;
    return [`\`${name}\``, modes, shown, cell(text)];
  });
  const outputs = Object.entries(action.outputs ?? {}).map(([name, spec]) => {
    const { modes, text } = describe(String(spec.description ?? ''));
    return [`\`${name}\``, modes, cell(text)];
  });
  return {
    inputs: table(['Input', 'Modes', 'Default', 'Description'], inputs),
    outputs: table(['Output', 'Modes', 'Description'], outputs),
  };
}

/**
 * Modes and text of a description. One shared by modes says so per mode ("store: … collect: …"):
 * then every mode it names is listed and the text is kept whole.
 */
export function describe(description: string): { modes: string; text: string } {
  if (!/\. (store|collect|publish|cleanup)(\/\w+)*: /.test(description)) return splitModes(description);
  const modes = [...description.matchAll(/(?:^|\. )((?:store|collect|publish|cleanup)(?:\/\w+)*): /g)].flatMap((m) =>
    (m[1] ?? '').split('/'),
  );
  return { modes: [...new Set(modes)].join(', '), text: description };
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`; throws when the markers are missing. */
export function replaceBetween(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}

/** README.md as `npm run docs` would write it. */
export function generatedReadme(readme: string, actionYml: string): string {
  const tables = renderTables(actionYml);
  return replaceBetween(replaceBetween(readme, 'inputs', tables.inputs), 'outputs', tables.outputs);
}

function main(): void {
  const readmePath = join(ROOT, 'README.md');
  const before = readFileSync(readmePath, 'utf8');
  const after = generatedReadme(before, readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  if (after === before) {
    console.log('README.md tables are up to date.');
    return;
  }
  writeFileSync(readmePath, after);
  console.log('README.md tables rewritten from action.yml.');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
