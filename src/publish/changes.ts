/**
 * Reads what `{changes}` needs: for each kind whose title or body asks for it, GitHub's comparison
 * of the previous release's commit with this run's, on the source repository with `token`. An
 * unreadable comparison never stops a publish: the body says so and a warning names the permission.
 */
import type { Deps } from '../ports.ts';
import { redact } from '../github/api-errors.ts';
import { previousBuild, renderChanges, type ChangesFacts, type Comparison } from '../planning/changes.ts';
import { wantsChanges } from '../planning/release-content.ts';
import type { PublishKind, ReleaseSummary } from '../planning/types.ts';
import type { PublishSettings } from '../settings.ts';

const KIND_NAMES: Readonly<Record<PublishKind, string>> = { latest: 'Latest', numbered: 'Numbered', tag: 'Tag' };

export async function readChanges(
  kinds: readonly PublishKind[],
  settings: PublishSettings,
  deps: Deps,
  releases: readonly ReleaseSummary[],
  self: { readonly workflowId: number; readonly branch: string | undefined },
): Promise<Partial<Record<PublishKind, string>>> {
  const { context } = deps;
  // One comparison per previous commit: Latest and Numbered usually start from the same one.
  const comparisons = new Map<string, Promise<Comparison>>();
  const compare = (base: string): Promise<Comparison> => {
    let answer = comparisons.get(base);
    if (answer === undefined) {
      answer = deps.runs.compareCommits(base, context.sha);
      comparisons.set(base, answer);
    }
    return answer;
  };
  const warned = new Set<string>();
  const entries = await Promise.all(
    kinds
      .filter((kind) => wantsChanges(kind, settings.looks[kind]))
      .map(async (kind): Promise<[PublishKind, string]> => {
        const previous = previousBuild(kind, releases, {
          workflowId: self.workflowId,
          runNumber: context.runNumber,
          ...(self.branch !== undefined ? { branch: self.branch } : {}),
        });
        let facts: ChangesFacts;
        if (previous === undefined) {
          facts = { state: 'first' };
        } else {
          try {
            facts = { state: 'compared', previous, comparison: await compare(previous.sha) };
          } catch (error) {
            const message = redact(error instanceof Error ? error.message : String(error));
            if (!warned.has(previous.sha)) {
              warned.add(previous.sha);
              deps.log.warning(
                `The list of changes since run #${previous.runNumber} could not be read, so the release notes say so (publishing goes on): 'token' needs contents: read on ${context.repository.owner}/${context.repository.repo}. ${message}`,
              );
            }
            facts = {
              state: 'unreadable',
              previous,
              why: "the workflow's token may not read the repository's contents (contents: read)",
            };
          }
        }
        return [kind, renderChanges(facts, KIND_NAMES[kind])];
      }),
  );
  return Object.fromEntries(entries);
}
