/**
 * Named errors. Lower layers throw these; only the entry points turn them into `core.setFailed`.
 * `isX` matchers work across bundle boundaries where `instanceof` may not.
 */

/** A user input is invalid. The message is one line naming the input, the value and what is allowed. */
export class InputError extends Error {
  override readonly name = 'InputError';
  static isInputError(e: unknown): e is InputError {
    return e instanceof Error && e.name === 'InputError';
  }
}

/** GitHub's state forbids what was asked (an existing Tag release, immutable releases, a person's release in the way). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  static isConflictError(e: unknown): e is ConflictError {
    return e instanceof Error && e.name === 'ConflictError';
  }
}

/** A file failed verification (sha256 or GitHub's digest). */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
  static isIntegrityError(e: unknown): e is IntegrityError {
    return e instanceof Error && e.name === 'IntegrityError';
  }
}

/** A GitHub API call failed; the message names the operation, the status and GitHub's message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly operation: string;
  /** GitHub's own message, and its X-Accepted-GitHub-Permissions header, when it answered. */
  readonly githubMessage: string | undefined;
  readonly acceptedPermissions: string | undefined;
  constructor(
    operation: string,
    status: number,
    message: string,
    github: { message?: string; accepted?: string | undefined } = {},
  ) {
    super(message);
    this.operation = operation;
    this.status = status;
    this.githubMessage = github.message;
    this.acceptedPermissions = github.accepted;
  }
  static isApiError(e: unknown): e is ApiError {
    return e instanceof Error && e.name === 'ApiError';
  }
}

/**
 * GitHub's rate limits stop this publish: the plan needs more than the token's budget (nothing was
 * written), or waiting them out would pass `max-wait` (the incomplete draft is kept for the next attempt).
 */
export class BudgetError extends Error {
  override readonly name = 'BudgetError';
  static isBudgetError(e: unknown): e is BudgetError {
    return e instanceof Error && e.name === 'BudgetError';
  }
}
