/**
 * The reusable workflow (.github/workflows/publish.yml) mirrors the action: every input a publishing
 * job can use has the same name and default and reaches the action, and its outputs are the action's.
 */
import { action, isThisAction, workflow, type InputSpec } from './files.ts';

const FILE = '.github/workflows/publish.yml';

/** Action inputs the reusable workflow does not offer, and why (README says the same). */
const LEFT_OUT: Record<string, string> = {
  mode: 'each step sets its own',
  token: "the called job's GITHUB_TOKEN",
  'release-token': 'a secret of the same name',
  'job-id': "the called job's own",
  'retention-days': 'store only',
  'if-no-files-found': 'store only',
  scope: 'cleanup, fixed by the workflow',
  what: 'cleanup, fixed by the workflow',
  'if-run-failing': 'cleanup, fixed by the workflow',
};
/** Inputs of the workflow alone, or with a default of its own. */
const OWN: Record<string, string> = { 'runs-on': 'ubuntu-latest', path: 'release-assets' };
/** Whole numbers; numbered-keep-age stays a string (`30d`, `12h`). */
const NUMBERS = ['numbered-keep-count', 'concurrency'];
/** Three-valued (true, false, legacy), so strings although their default reads like a boolean. */
const MAKE_LATEST = ['latest-make-latest', 'numbered-make-latest', 'tag-make-latest'];

const call = (): {
  inputs: Record<string, InputSpec>;
  secrets: Record<string, unknown>;
  outputs: Record<string, { value: string }>;
} => workflow(FILE).on.workflow_call as never;

test('it is a reusable workflow with one job', () => {
  expect(call()).toBeDefined();
  expect(Object.keys(workflow(FILE).jobs)).toEqual(['release']);
});

test("its inputs are the action's inputs, less the documented ones, plus its own", () => {
  const actionInputs = Object.keys(action().inputs);
  for (const name of Object.keys(LEFT_OUT)) expect(actionInputs).toContain(name);
  const expected = [
    ...actionInputs.filter((n) => !(n in LEFT_OUT)),
    ...Object.keys(OWN).filter((n) => !actionInputs.includes(n)),
  ];
  expect(Object.keys(call().inputs).sort()).toEqual([...new Set(expected)].sort());
  expect(Object.keys(call().secrets)).toEqual(['release-token']);
});

test("each mirrored input has the action's default, a fitting type and a description", () => {
  const actionInputs = action().inputs;
  for (const [name, spec] of Object.entries(call().inputs)) {
    const wanted = OWN[name] ?? String(actionInputs[name]?.default ?? '');
    expect({ name, default: String(spec.default) }).toEqual({ name, default: wanted });
    const type = MAKE_LATEST.includes(name)
      ? 'string'
      : wanted === 'true' || wanted === 'false'
        ? 'boolean'
        : NUMBERS.includes(name)
          ? 'number'
          : 'string';
    expect({ name, type: spec.type }).toEqual({ name, type });
    expect({ name, described: (spec.description ?? '').length > 10 }).toEqual({ name, described: true });
  }
});

test('every input reaches the action: ${{ inputs.<name> }} in the steps that use it', () => {
  const steps = workflow(FILE).jobs.release?.steps ?? [];
  const ours = steps.filter((s) => isThisAction(s.uses));
  expect(ours.map((s) => s.with?.mode)).toEqual(['collect', 'publish', 'cleanup']);
  for (const name of Object.keys(call().inputs).filter((n) => n !== 'runs-on')) {
    const users = ours.filter((s) => s.with?.[name] === `\${{ inputs.${name} }}`);
    expect({ name, used: users.length > 0 }).toEqual({ name, used: true });
  }
  for (const step of ours) {
    // A step passes each input under its own name, never a neighbour's.
    for (const [key, value] of Object.entries(step.with ?? {})) {
      const ref = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(String(value));
      if (ref) expect(ref[1]).toBe(key);
    }
  }
  expect(ours.find((s) => s.with?.mode === 'publish')?.with?.['release-token']).toBe('${{ secrets.release-token }}');
  expect(ours.find((s) => s.with?.mode === 'cleanup')?.if).toBe('${{ always() }}');
});

test('its outputs are publish outputs of the action, wired to the publish step', () => {
  const actionOutputs = Object.keys(action().outputs);
  const { outputs } = call();
  const job = workflow(FILE).jobs.release;
  for (const [name, spec] of Object.entries(outputs)) {
    expect(actionOutputs).toContain(name);
    expect(spec.value).toBe(`\${{ jobs.release.outputs.${name} }}`);
    expect(job?.outputs?.[name]).toBe(`\${{ steps.publish.outputs.${name} }}`);
  }
});
