import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  budgetRefusal,
  describeCost,
  GITHUB_SECONDARY,
  GRANTED_AHEAD,
  hourReservoir,
  loweredParallelism,
  minimumPacedMs,
  minuteReservoir,
  planCost,
  type CostInput,
} from '../../src/planning/budget.ts';

const base: CostInput = {
  releases: 1,
  replacing: 0,
  ownTags: 1,
  assets: 10,
  existingReleases: 0,
  retentionDeletes: 0,
  statuses: 0,
};

describe('planCost', () => {
  test.each([
    ['one Numbered release of 10 assets', base, { requests: 18, contentCreating: 14 }],
    [
      'Latest replacing + Numbered, 1000 assets each',
      { ...base, releases: 2, replacing: 1, ownTags: 2, assets: 1000, existingReleases: 250 },
      { requests: 2018, contentCreating: 2009 },
    ],
    [
      'retention deleting two, statuses for two kinds',
      { ...base, retentionDeletes: 2, statuses: 4 },
      { requests: 26, contentCreating: 22 },
    ],
    ['nothing to write', { ...base, releases: 0, ownTags: 0 }, { requests: 0, contentCreating: 0 }],
  ])('%s', (_name, input, expected) => {
    expect(planCost(input)).toEqual(expected);
  });

  test('every asset of every release costs one content-creating request', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1000 }), (releases, assets) => {
        const one = planCost({ ...base, releases, assets });
        const more = planCost({ ...base, releases, assets: assets + 1 });
        expect(more.contentCreating - one.contentCreating).toBe(releases);
        expect(more.requests - one.requests).toBe(releases);
      }),
    );
  });
});

describe('pacing', () => {
  test("the reservoirs are GitHub's allowances less the turns granted ahead, refilled a little slower than GitHub refills them", () => {
    expect(GRANTED_AHEAD).toBe(4);
    expect(minuteReservoir(GITHUB_SECONDARY)).toEqual({
      reservoir: 76,
      reservoirIncreaseAmount: 7,
      reservoirIncreaseInterval: 5500,
      reservoirIncreaseMaximum: 76,
    });
    expect(hourReservoir(GITHUB_SECONDARY)).toEqual({
      reservoir: 487,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: 7500,
      reservoirIncreaseMaximum: 496,
    });
  });

  test('at any scale, what a reservoir holds plus the turns granted ahead never passes the allowance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 600_000 }), (minuteMs) => {
        const f = { ...GITHUB_SECONDARY, minuteMs };
        for (const [r, allowance] of [
          [minuteReservoir(f), f.perMinute],
          [hourReservoir(f), f.perHour],
        ] as const) {
          expect(r.reservoir).toBeLessThanOrEqual(r.reservoirIncreaseMaximum);
          expect(r.reservoirIncreaseMaximum + GRANTED_AHEAD).toBeLessThanOrEqual(allowance);
        }
      }),
    );
  });

  test("at any minute scale: intervals on Bottleneck's 250 ms heartbeat, never faster than GitHub, at least 90 % of its rate", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 600_000 }), (minuteMs) => {
        const f = { ...GITHUB_SECONDARY, minuteMs };
        for (const [r, windowMs, allowance] of [
          [minuteReservoir(f), minuteMs, f.perMinute],
          [hourReservoir(f), 60 * minuteMs, f.perHour],
        ] as const) {
          expect(r.reservoirIncreaseInterval % 250).toBe(0);
          const githubRate = allowance / windowMs;
          const ours = r.reservoirIncreaseAmount / r.reservoirIncreaseInterval;
          expect(ours).toBeLessThanOrEqual(githubRate / 1.03);
          expect(ours).toBeGreaterThanOrEqual(githubRate * 0.94);
        }
      }),
    );
  });

  test.each([
    [76, 0],
    [81, 3929],
    [200, 97_429],
    [1000, 513 * 7500],
  ])('%i content-creating requests take at least %i ms', (count, ms) => {
    expect(minimumPacedMs(count, GITHUB_SECONDARY)).toBe(ms);
  });

  test('paced time is within the margins of the ideal (n − 80) / 80 minutes below 487 writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 81, max: 487 }), (n) => {
        const ideal = ((n - 80) / 80) * 60_000;
        const paced = minimumPacedMs(n, GITHUB_SECONDARY);
        expect(paced).toBeGreaterThanOrEqual(ideal);
        // 95 % of GitHub's rate, and the four writes the first burst holds back (for turns granted ahead).
        expect(paced).toBeLessThanOrEqual((ideal + 4 * 750) / 0.95);
      }),
    );
  });

  test.each([
    [8, 4],
    [4, 2],
    [3, 1],
    [1, 1],
  ])('parallelism %i is lowered to %i', (from, to) => {
    expect(loweredParallelism(from)).toBe(to);
  });
});

describe('budgetRefusal', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  const budget = { limit: 1000, remaining: 900, reset: now / 1000 + 1800 };

  test('a plan within the budget passes', () => {
    expect(budgetRefusal({ requests: 900, contentCreating: 880 }, budget, now)).toBeUndefined();
  });

  test('a plan over it names need, what is left, the reset and the remedy', () => {
    expect(budgetRefusal({ requests: 2014, contentCreating: 2009 }, budget, now)).toBe(
      'This publish needs 2014 API requests (2009 content-creating) but the token has 900 of its 1000 an hour left, until 10:30 UTC (in 30 min): nothing was written. Publish with a GitHub App installation token (5,000 requests an hour) as release-token, or publish fewer kinds or files.',
    );
  });
});

test('describeCost says how long pacing makes a large plan take', () => {
  expect(
    describeCost({ requests: 620, contentCreating: 600 }, { limit: 5000, remaining: 4990, reset: 0 }, GITHUB_SECONDARY),
  ).toBe(
    "API cost of this publish: 620 requests, 600 of them content-creating; the token has 4990 of 5000 an hour left; GitHub's secondary limits (80 content-creating requests a minute, 500 an hour) make it take at least 15 min.",
  );
});
