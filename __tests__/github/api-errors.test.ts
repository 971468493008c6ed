/** toApiError: GitHub's answers read as answers, a request that got none as the runner's network. */
import { RequestError } from '@octokit/request-error';
import { toApiError } from '../../src/github/api-errors.ts';

const ctx = { tokenInput: 'token', repository: 'octo/nightly', permission: 'contents: write' };
const request = { method: 'GET' as const, url: 'https://api.github.com/repos/octo/nightly', headers: {} };

test('no answer at all (Octokit: status 500, no response) is not called an HTTP 500', () => {
  const error = toApiError('List releases', new RequestError('self-signed certificate', 500, { request }), ctx);
  expect(error.message).toBe('List releases failed: no answer from GitHub: self-signed certificate');
  expect(error).toMatchObject({ status: 0 });
});

test("GitHub's own 500 keeps its status and message", () => {
  const response = { status: 500, url: request.url, headers: {}, data: { message: 'Server Error' } };
  const error = toApiError('List releases', new RequestError('Server Error', 500, { request, response }), ctx);
  expect(error.message).toBe('List releases failed: HTTP 500: Server Error.');
  expect(error).toMatchObject({ status: 500 });
});
