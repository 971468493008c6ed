/**
 * Every workflow in .github/workflows is valid for GitHub (checked by GitHub's own workflow parser and
 * schema, @actions/workflow-parser), and every step that runs this action passes only inputs it has.
 */
import { Mode } from '../../src/constants.ts';
import { action, isThisAction, read, workflow, workflowErrors, workflowFiles, type Step } from './files.ts';

const files = workflowFiles();

test('the project has its CI, check-dist, end-to-end and reusable workflows', () => {
  expect(files).toEqual(
    expect.arrayContaining(['ci.yml', 'check-dist.yml', 'e2e.yml', 'publish.yml'].map((f) => `.github/workflows/${f}`)),
  );
});

test.each(files)("%s passes GitHub's workflow schema", (file) => {
  expect(workflowErrors(file, read(file))).toEqual([]);
});

test('the schema check fails on a broken workflow', () => {
  const broken = 'on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n';
  expect(workflowErrors('broken.yml', broken)).toEqual([
    expect.stringContaining("'pushh'"),
    expect.stringContaining("'stepz'"),
  ]);
});

function stepsOf(file: string): Step[] {
  return Object.values(workflow(file).jobs).flatMap((job) => job.steps ?? []);
}

test.each(files)('%s runs this action only with inputs action.yml declares and a valid mode', (file) => {
  const declared = new Set(Object.keys(action().inputs));
  for (const step of stepsOf(file).filter((s) => isThisAction(s.uses))) {
    const inputs = Object.keys(step.with ?? {});
    expect({ step: step.name, unknown: inputs.filter((i) => !declared.has(i)) }).toEqual({
      step: step.name,
      unknown: [],
    });
    expect(Object.values(Mode)).toContain(step.with?.mode);
  }
});

test('the end-to-end workflow stores in a matrix, then one job collects, publishes and cleans up with uses: ./', () => {
  const { jobs } = workflow('.github/workflows/e2e.yml');
  const modes = (job: string): unknown[] =>
    (jobs[job]?.steps ?? []).filter((s) => s.uses === './').map((s) => s.with?.mode);
  expect(modes('build')).toEqual(['store']);
  expect(jobs.publish?.needs).toBe('build');
  expect(modes('publish')).toEqual(['collect', 'publish', 'cleanup']);
  expect(read('.github/workflows/e2e.yml')).toMatch(/matrix:\s+os: \[/);
});

test('CI runs the same script as everywhere else', () => {
  expect(
    stepsOf('.github/workflows/ci.yml')
      .map((s) => s.run)
      .filter(Boolean),
  ).toEqual(['bash .ci/run']);
});
