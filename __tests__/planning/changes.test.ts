import { MAX_LISTED_COMMITS, previousBuild, renderChanges, type Comparison } from '../../src/planning/changes.ts';
import { marker, release } from './arbitraries.ts';

const prev = { sha: 'b'.repeat(40), runNumber: 7 };
const commit = (i: number) => ({
  sha: `${String(i).padStart(7, '0')}${'c'.repeat(33)}`,
  message: `Change ${i}\n\nbody`,
  author: `Author ${i}`,
});
const compared = (o: Partial<Comparison>): Comparison => ({
  status: 'ahead',
  aheadBy: 0,
  commits: [],
  htmlUrl: 'https://github.com/o/r/compare/b...a',
  ...o,
});

test.each<[string, Parameters<typeof renderChanges>[0], string]>([
  ['first release', { state: 'first' }, 'First Latest release: no earlier build to compare with.'],
  [
    'identical',
    { state: 'compared', previous: prev, comparison: compared({ status: 'identical' }) },
    'No new commits since run #7 (bbbbbbb).',
  ],
  [
    'diverged',
    { state: 'compared', previous: prev, comparison: compared({ status: 'diverged', aheadBy: 2 }) },
    'The commit of run #7 (bbbbbbb) is not an ancestor of this build (the history was rewritten), so there is no list of changes: [comparison](https://github.com/o/r/compare/b...a).',
  ],
  [
    'behind',
    { state: 'compared', previous: prev, comparison: compared({ status: 'behind' }) },
    'The commit of run #7 (bbbbbbb) is not an ancestor of this build (the history was rewritten), so there is no list of changes: [comparison](https://github.com/o/r/compare/b...a).',
  ],
  [
    'unreadable',
    { state: 'unreadable', previous: prev, why: 'no contents: read' },
    'The changes since run #7 (bbbbbbb) could not be read: no contents: read.',
  ],
  [
    'one commit',
    { state: 'compared', previous: prev, comparison: compared({ aheadBy: 1, commits: [commit(1)] }) },
    '1 commit since run #7 (bbbbbbb):\n\n- 0000001 Change 1 (Author 1)\n\n[Full comparison](https://github.com/o/r/compare/b...a)',
  ],
])('%s', (_, facts, expected) => {
  expect(renderChanges(facts, 'Latest')).toBe(expected);
});

test('newest first, at most 50, then "and N more" counted from ahead_by (GitHub lists at most 250)', () => {
  const commits = Array.from({ length: 250 }, (_, i) => commit(i + 51));
  const text = renderChanges(
    { state: 'compared', previous: prev, comparison: compared({ aheadBy: 300, commits }) },
    'Numbered',
  );
  const lines = text.split('\n').filter((l) => l.startsWith('- '));
  expect(lines).toHaveLength(MAX_LISTED_COMMITS + 1);
  expect(lines[0]).toBe('- 0000300 Change 300 (Author 300)');
  expect(lines[49]).toBe('- 0000251 Change 251 (Author 251)');
  expect(lines[50]).toBe('- and 250 more');
  expect(text.startsWith('300 commits since run #7')).toBe(true);
});

test('the previous build is the newest older release of the kind, this workflow and branch', () => {
  const releases = [
    release({ tagName: 'ci-main-5', marker: marker({ kind: 'numbered', runNumber: 5, sha: '5'.repeat(40) }) }),
    release({ tagName: 'ci-main-6', marker: marker({ kind: 'numbered', runNumber: 6, sha: '6'.repeat(40) }) }),
    release({ tagName: 'ci-main-12', marker: marker({ kind: 'numbered', runNumber: 12 }) }),
    release({ tagName: 'ci-dev-8', marker: marker({ kind: 'numbered', runNumber: 8, branch: 'dev' }) }),
    release({ tagName: 'x', marker: marker({ kind: 'numbered', runNumber: 9, workflowId: 99 }) }),
    release({ tagName: '_ci-main-9', draft: true, marker: marker({ kind: 'numbered', runNumber: 9 }) }),
  ];
  const self = { workflowId: marker().workflowId, branch: 'main', runNumber: 10 };
  expect(previousBuild('numbered', releases, self)).toEqual({ sha: '6'.repeat(40), runNumber: 6 });
  expect(previousBuild('latest', releases, self)).toBeUndefined();
});
