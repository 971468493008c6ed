/**
 * Why GitHub refused to create or move a release's tag, and what the maintainer can do, from the
 * answer's status and message (SPEC §3.3). Pure: the writer passes what the API error carried.
 */

export interface TagRefusal {
  readonly status: number;
  /** The one-line API error (operation, status, GitHub's message, permission hint). */
  readonly message: string;
  readonly tag: string;
  readonly sha: string;
  readonly repository: string;
}

/** GitHub's wording for a ruleset refusal (422, also seen on pushes as GH013). */
export const RULESET_MESSAGE = 'Repository rule violations found';

/** The refusal's cause and remedy in one sentence; undefined when it is not a refusal of the tag. */
export function explainTagRefusal(r: TagRefusal): string | undefined {
  if (r.status === 422 && r.message.includes(RULESET_MESSAGE)) {
    return (
      `a tag ruleset of ${r.repository} refuses to create or move tag ${r.tag} (${r.message}). ` +
      `Fix: exclude the release tags from the ruleset, add the publishing token's app or user to its bypass list, or choose a 'tag-prefix' the ruleset does not cover`
    );
  }
  if ((r.status === 403 || r.status === 404) && /workflows/i.test(r.message)) {
    return (
      `GitHub refused to point tag ${r.tag} at ${r.sha}: that commit's workflow files differ from the branch heads', and such a tag needs the 'workflows' permission, which GITHUB_TOKEN never has (${r.message}). ` +
      `Fix: publish from a commit that is a branch head, or set 'release-token' to a fine-grained personal access token or GitHub App token with 'Contents: Read and write' and 'Workflows: Read and write' on ${r.repository}`
    );
  }
  return undefined;
}
