/** The YAML files under test, read once: action.yml and every workflow in .github/workflows. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { ROOT } from '../../scripts/readme-tables.ts';

export { ROOT };

export interface InputSpec {
  description?: string;
  required?: boolean;
  default?: unknown;
  type?: string;
}

export interface ActionYaml {
  name: string;
  description: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs: Record<string, InputSpec>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

export interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps?: Step[]; outputs?: Record<string, string>; needs?: string | string[]; uses?: string }>;
}

export const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

export const actionText = (): string => read('action.yml');
export const action = (): ActionYaml => parse(actionText()) as ActionYaml;

export const WORKFLOW_DIR = '.github/workflows';
export const workflowFiles = (): string[] =>
  readdirSync(join(ROOT, WORKFLOW_DIR))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `${WORKFLOW_DIR}/${f}`);
export const workflow = (path: string): Workflow => parse(read(path)) as Workflow;

/** GitHub's own parser (actions/languageservices): schema errors of a workflow, as messages. */
export function workflowErrors(name: string, content: string): string[] {
  return parseWorkflow({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map((e) => e.message);
}

/** GitHub's own parser: schema errors of an action.yml, as messages. */
export function actionErrors(name: string, content: string): string[] {
  return parseAction({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map((e) => e.message);
}

/** Steps that run this action: from this checkout (`./`) or from its published home. */
export const ACTION_HOME = 'ci-release-publisher/ci-release-publisher';
export function isThisAction(uses: string | undefined): boolean {
  return uses === './' || (uses !== undefined && uses.startsWith(`${ACTION_HOME}@`));
}
