/**
 * run(): read the run's facts and the inputs, build the dependencies once, dispatch on `mode`,
 * write outputs and the job summary. The only place that calls `core.setFailed`.
 */
import * as core from '@actions/core';
import { Inputs, Mode } from './constants.ts';
import { createDeps } from './deps.ts';
import type { Deps } from './ports.ts';
import { readRunContext } from './github/context.ts';
import { redact, registerSecret } from './github/api-errors.ts';
import { getSettings } from './inputs/index.ts';
import type { Settings } from './settings.ts';
import type { ModeResult } from './modes/result.ts';
import { publish } from './modes/publish.ts';
import { store } from './modes/store.ts';
import { collect } from './modes/collect.ts';
import { cleanup } from './modes/cleanup.ts';

function dispatch(settings: Settings, deps: Deps): Promise<ModeResult> {
  switch (settings.mode) {
    case Mode.Store:
      return store(settings, deps);
    case Mode.Collect:
      return collect(settings, deps);
    case Mode.Publish:
      return publish(settings, deps);
    case Mode.Cleanup:
      return cleanup(settings, deps);
  }
}

/**
 * Masks every token before anything else can print it: the runner hides masked values in the log,
 * and `redact` removes them from messages, outputs and summaries, which the runner does not mask.
 */
function maskTokens(): void {
  const values = [
    core.getInput(Inputs.Token),
    core.getInput(Inputs.ReleaseToken),
    process.env.ACTIONS_RUNTIME_TOKEN ?? '',
  ];
  for (const value of values) {
    if (value === '') continue;
    core.setSecret(value);
    registerSecret(value);
  }
}

/**
 * Libraries log on their own: `@actions/artifact` prints its signed upload URLs with `core.debug`,
 * which the runner does not mask. Every line the step prints passes `redact`, except the runner's
 * `::add-mask::` commands, which must carry the raw secret to work.
 */
function redactStdout(): void {
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(
      typeof chunk === 'string' && !chunk.startsWith('::add-mask::') ? redact(chunk) : chunk,
      ...rest,
    )) as typeof process.stdout.write;
}

export async function run(): Promise<void> {
  try {
    redactStdout();
    maskTokens();
    const context = readRunContext();
    const settings = getSettings((name) => core.getInput(name), {
      currentRepository: context.repository,
      workspace: context.workspace,
    });
    const result = await dispatch(settings, createDeps(settings, context));
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, redact(value));
    if (result.summary !== '' && process.env.GITHUB_STEP_SUMMARY) {
      await core.summary.addRaw(redact(result.summary), true).write();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // One readable line for the user; the stack only in debug logs, and never a secret in either.
    if (error instanceof Error && error.stack) core.debug(redact(error.stack));
    core.setFailed(redact(message));
  }
}
