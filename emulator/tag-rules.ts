/**
 * What GitHub checks before a tag ref is created, moved or deleted, beyond contents: write:
 * tag rulesets (422 "Repository rule violations found" with the rule's sentence) and the
 * `workflows` permission for a commit whose workflow files differ from the branch heads (a bare
 * 403 whose X-Accepted-GitHub-Permissions names the alternative set with workflows=write).
 */
import { hasPermission } from './auth.ts';
import { HttpError } from './http.ts';
import type { RepoRecord, TokenGrant } from './state.ts';

export type TagRuleAction = 'creation' | 'update' | 'deletion';

export interface TagRuleset {
  readonly name: string;
  /** fnmatch patterns on the tag name (`ci-*`), as a ruleset's ref_name include list. */
  readonly include: readonly string[];
  readonly rules: readonly TagRuleAction[];
}

/** GitHub's sentence per rule, after "Repository rule violations found". */
const RULE_SENTENCES: Record<TagRuleAction, string> = {
  creation: 'Cannot create ref due to creations being restricted.',
  update: 'Cannot update this protected ref.',
  deletion: 'Cannot delete this protected ref.',
};

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*/g, '\u0000')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${body}$`);
}

/** Throws GitHub's 422 when a ruleset of the repository forbids `action` on `tag`. */
export function checkTagRulesets(repo: RepoRecord, tag: string, action: TagRuleAction): void {
  const violated = repo.tagRulesets.find(
    (r) => r.rules.includes(action) && r.include.some((p) => globToRegExp(p).test(tag)),
  );
  if (violated) throw new HttpError(422, `Repository rule violations found\n\n${RULE_SENTENCES[action]}\n\n`);
}

/**
 * A tag pointed at a commit whose `.github/workflows` differ from what the branch heads hold needs
 * the `workflows` permission, which GITHUB_TOKEN never has.
 */
export function checkWorkflowsPermission(repo: RepoRecord, grant: TokenGrant | null, sha: string): void {
  if (!repo.workflowCommits.has(sha)) return;
  if (hasPermission(grant, repo, 'workflows', 'write')) return;
  const by = (grant?.kind ?? 'installation') === 'installation' ? 'integration' : 'personal access token';
  throw new HttpError(403, `Resource not accessible by ${by}`, undefined, {
    'x-accepted-github-permissions': 'contents=write; contents=write,workflows=write',
  });
}

/** Both checks for a tag ref about to point at `sha` (created when `exists` is false, else moved). */
export function checkTagWrite(
  repo: RepoRecord,
  grant: TokenGrant | null,
  tag: string,
  sha: string,
  exists: boolean,
): void {
  checkTagRulesets(repo, tag, exists ? 'update' : 'creation');
  checkWorkflowsPermission(repo, grant, sha);
}
