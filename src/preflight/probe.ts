/**
 * The port the preflight asks GitHub through, one per token: cheap reads whose answers tell
 * whether the token holds a permission, without changing anything on GitHub. Write permissions
 * are shown by the first write of their kind (check.ts), never by a probe.
 */

/** `ok`: permitted. `denied`: GitHub refused (401/403/404). `unknown`: anything else (5xx, odd answers). */
export type ProbeAnswer =
  | { readonly result: 'ok' }
  | {
      readonly result: 'denied';
      readonly status: number;
      readonly message: string;
      readonly accepted: string | undefined;
    }
  | { readonly result: 'unknown'; readonly detail: string };

export interface RepositoryAnswer {
  readonly answer: ProbeAnswer;
  /** `permissions.push` of GET /repos (user tokens only; GitHub omits it for installation tokens). */
  readonly push?: boolean;
}

export interface AccessProbe {
  /** GET /repos/{o}/{r}: can the token see the repository at all (401, 404)? */
  repository(repository: string): Promise<RepositoryAnswer>;
  /** GET a workflow run: actions: read. */
  readActions(repository: string, runId: number): Promise<ProbeAnswer>;
  /** GET one page of releases: contents: read. */
  readContents(repository: string): Promise<ProbeAnswer>;
}
