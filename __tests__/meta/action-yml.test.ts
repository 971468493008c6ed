/** action.yml: valid for GitHub (its own schema), fit for the Marketplace, consistent with the code. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inputs, KindFields } from '../../src/constants.ts';
import { ROOT, action, actionErrors, actionText } from './files.ts';

// The Feather icons the Marketplace accepts include these; the colours are its complete list.
const COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];

test("GitHub's action schema accepts action.yml", () => {
  expect(actionErrors('action.yml', actionText())).toEqual([]);
});

test('the schema check fails on a broken action.yml', () => {
  const broken =
    'name: x\ndescription: y\nbranding: { icon: not-an-icon, color: pink }\nruns: { using: node99, main: a.js }\n';
  expect(actionErrors('action.yml', broken)).toEqual([
    expect.stringContaining("'not-an-icon'"),
    expect.stringContaining("'pink'"),
    expect.stringContaining("'node99'"),
  ]);
});

test('Marketplace metadata: a name, a description of at most 125 characters, branding', () => {
  const a = action();
  expect(a.name).toBe('CI Release Publisher');
  expect(a.description.length).toBeGreaterThan(20);
  expect(a.description.length).toBeLessThanOrEqual(125);
  expect(a.author).toBeTruthy();
  expect(a.branding?.icon).toBeTruthy();
  expect(COLORS).toContain(a.branding?.color);
});

test('runs on node24 with the bundled main and post entries', () => {
  const { runs } = action();
  expect(runs.using).toBe('node24');
  expect(runs.main).toBe('dist/index.js');
  expect(runs.post).toBe('dist/post/index.js');
  for (const entry of [runs.main, runs.post ?? '']) expect(existsSync(join(ROOT, entry))).toBe(true);
});

test('every input and output has a one-line description', () => {
  const a = action();
  for (const [name, spec] of [...Object.entries(a.inputs), ...Object.entries(a.outputs)]) {
    expect([name, typeof spec.description]).toEqual([name, 'string']);
    expect([name, /\n/.test(spec.description ?? '')]).toEqual([name, false]);
  }
});

test('the inputs the code reads are exactly those action.yml declares', () => {
  const declared = Object.keys(action().inputs).sort();
  const perKind = ['latest', 'numbered', 'tag'].flatMap((kind) => KindFields.map((field) => `${kind}-${field}`));
  expect([...new Set([...Object.values(Inputs), ...perKind])].sort()).toEqual(declared);
});

test('only mode is required; defaults are strings, as the runner passes them', () => {
  const a = action();
  for (const [name, spec] of Object.entries(a.inputs)) {
    expect([name, spec.required ?? false]).toEqual([name, name === 'mode']);
    if (spec.default !== undefined) expect([name, typeof spec.default]).toEqual([name, 'string']);
  }
});
