/**
 * GitHub lists at most 10,000 results of a paginated listing; the next page answers 422. A listing
 * that reaches the cap stops there, without asking for that page, and fails with a message that
 * says so, rather than with GitHub's bare 422 or a silently shortened list.
 */

export const LISTING_CAP = 10_000;

/** Thrown when a listing reaches GitHub's cap. */
export class ListingCapError extends Error {
  override readonly name = 'ListingCapError';
}

/**
 * A `mapFn` for `octokit.paginate`: passes each page's items through `items` and stops with
 * {@link ListingCapError} once `LISTING_CAP` results were listed.
 */
export function cappedListing<R, T>(what: string, items: (response: R) => T[]): (response: R, done: () => void) => T[] {
  let seen = 0;
  return (response, done) => {
    const page = items(response);
    seen += page.length;
    if (seen >= LISTING_CAP) {
      done();
      throw new ListingCapError(
        `GitHub lists at most ${LISTING_CAP} results, and ${what} reach that: remove old ones (or let them expire) so that the rest can be seen.`,
      );
    }
    return page;
  };
}
