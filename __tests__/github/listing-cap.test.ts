/** GitHub's 10,000-result cap on listings, and X-Accepted-GitHub-Permissions' grammar. */
import { cappedListing, LISTING_CAP, ListingCapError } from '../../src/github/listing-cap.ts';
import { describeAcceptedPermissions, parseAcceptedPermissions } from '../../src/planning/permissions.ts';

test('a listing stops at the cap with a message instead of asking for the page GitHub refuses', () => {
  const map = cappedListing('the releases of o/r', (page: number[]) => page);
  let stopped = false;
  const done = () => {
    stopped = true;
  };
  const page = Array.from({ length: 100 }, (_, i) => i);
  for (let i = 0; i < LISTING_CAP / 100 - 1; i++) expect(map(page, done)).toHaveLength(100);
  expect(stopped).toBe(false);
  expect(() => map(page, done)).toThrow(ListingCapError);
  expect(() => cappedListing('x', (p: number[]) => p)(Array(LISTING_CAP).fill(0), done)).toThrow(
    /GitHub lists at most 10000 results, and x reach that/,
  );
  expect(stopped).toBe(true);
});

test("';' separates alternative sets, ',' the permissions of one set", () => {
  expect(parseAcceptedPermissions('contents=write; contents=write,workflows=write')).toEqual([
    [{ scope: 'contents', level: 'write' }],
    [
      { scope: 'contents', level: 'write' },
      { scope: 'workflows', level: 'write' },
    ],
  ]);
  expect(describeAcceptedPermissions('contents=write; contents=write,workflows=write')).toBe(
    "'contents: write' or 'contents: write, workflows: write'",
  );
  expect(describeAcceptedPermissions('actions=read')).toBe("'actions: read'");
  expect(describeAcceptedPermissions('')).toBeUndefined();
});
