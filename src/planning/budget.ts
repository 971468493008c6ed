/**
 * What a publish costs in GitHub's budgets (SPEC §8), and how its writes are paced: pure functions of
 * the plan's shape and of GitHub's documented limits. Primary: requests an hour per token (read from
 * `GET /rate_limit`). Secondary: at most 80 content-creating requests a minute and 500 an hour.
 */

export interface SecondaryFigures {
  /** Length of a minute in milliseconds: 60 000 (tests scale time down). */
  readonly minuteMs: number;
  readonly perMinute: number;
  readonly perHour: number;
}

export const GITHUB_SECONDARY: SecondaryFigures = { minuteMs: 60_000, perMinute: 80, perHour: 500 };

/**
 * The client refills its allowance this much slower than GitHub does, so that a timer firing late on
 * GitHub's side or early on ours never turns a paced write into a refusal.
 */
export const PACING_MARGIN = 0.03;

/** Bottleneck's documented reservoir options for one allowance: a full burst, then a steady refill. */
export interface ReservoirOptions {
  readonly reservoir: number;
  readonly reservoirIncreaseAmount: number;
  readonly reservoirIncreaseInterval: number;
  readonly reservoirIncreaseMaximum: number;
}

/**
 * Bottleneck checks its reservoir on a 250 ms heartbeat and documents that the increase interval
 * should be a multiple of it; an increase comes at most once an interval.
 */
export const HEARTBEAT_MS = 250;
/**
 * The first burst holds back this share of the allowance: the client's refill clock starts when its first
 * write is scheduled, GitHub's when that write arrives (a round trip later, more on a busy runner).
 */
export const BURST_RESERVE = 0.025;
/**
 * Turns the pacing may grant before the write is sent (pacing.ts grants direct uploads' turns ahead,
 * so that asking the limiter does not delay each upload). Each reservoir is this much smaller, so
 * the turns granted and not yet sent never add up to more than GitHub's allowance.
 */
export const GRANTED_AHEAD = 4;
/** The steady rate is at least this share of GitHub's (the rest is the margin and the rounding). */
const MIN_RATE_SHARE = 0.95;

/**
 * A full burst, then `amount` more every `interval` ms: the shortest multiple of the heartbeat over
 * which GitHub refills enough that, less the margin and rounded down, at least 95 % of its rate remains.
 */
function reservoirFor(allowance: number, windowMs: number): ReservoirOptions {
  for (let beats = 1; ; beats++) {
    const interval = beats * HEARTBEAT_MS;
    const refilled = (allowance * interval) / windowMs;
    const amount = Math.floor(refilled / (1 + PACING_MARGIN));
    if (amount >= 1 && amount / refilled >= MIN_RATE_SHARE) {
      const maximum = allowance - GRANTED_AHEAD;
      return {
        reservoir: Math.min(maximum, allowance - Math.ceil(allowance * BURST_RESERVE)),
        reservoirIncreaseAmount: amount,
        reservoirIncreaseInterval: interval,
        reservoirIncreaseMaximum: maximum,
      };
    }
  }
}

/** Writes per ms at the reservoir's steady rate. */
function steadyRate(r: ReservoirOptions): number {
  return r.reservoirIncreaseAmount / r.reservoirIncreaseInterval;
}

/** The per-minute allowance: a burst of 76, then 7 writes every 5.5 s (GitHub refills 7.33). */
export function minuteReservoir(f: SecondaryFigures): ReservoirOptions {
  return reservoirFor(f.perMinute, f.minuteMs);
}

/** The per-hour allowance: a burst of 487, then one write every 7.5 s (GitHub refills one every 7.2 s). */
export function hourReservoir(f: SecondaryFigures): ReservoirOptions {
  return reservoirFor(f.perHour, 60 * f.minuteMs);
}

/** The least time `contentCreating` writes can take when paced to both allowances, in ms. */
export function minimumPacedMs(contentCreating: number, f: SecondaryFigures): number {
  const m = minuteReservoir(f);
  const h = hourReservoir(f);
  const minute = Math.max(0, contentCreating - m.reservoir) / steadyRate(m);
  const hour = Math.max(0, contentCreating - h.reservoir) / steadyRate(h);
  return Math.ceil(Math.max(minute, hour));
}

/** Parallel uploads after a secondary-limit refusal: halved, never below one. */
export function loweredParallelism(current: number): number {
  return Math.max(1, Math.floor(current / 2));
}

/** The shape of one publish, as far as its cost goes. */
export interface CostInput {
  /** Releases this publish writes (Latest, Numbered, Tag that are not skipped). */
  readonly releases: number;
  /** Of those, the ones that replace a published release (one more deletion each). */
  readonly replacing: number;
  /** Of those, the ones under this action's own tags (Latest, Numbered): the tag is moved first (a forced update, then a creation when it is absent). */
  readonly ownTags: number;
  /** Assets per release, SHA256SUMS included. */
  readonly assets: number;
  /** Releases already there (each listing reads 100 a page). */
  readonly existingReleases: number;
  /** Numbered releases retention deletes (release and tag each). */
  readonly retentionDeletes: number;
  /** Commit statuses this publish posts (pending and final per kind). */
  readonly statuses: number;
}

export interface Cost {
  /** Requests still to be made by this publish. */
  readonly requests: number;
  /** Of those, content-creating ones (POST, PATCH, PUT, DELETE). */
  readonly contentCreating: number;
}

/** Reads per release: the go/no-go again before the swap (release by tag, newer runs), its assets for the `assets` output. */
const READS_PER_RELEASE = 3;

export function planCost(c: CostInput): Cost {
  const perRelease = 1 + c.assets + 1; // draft, uploads, publishing PATCH
  const writes = c.releases * perRelease + c.replacing + 2 * c.ownTags + 2 * c.retentionDeletes + c.statuses;
  const listing = c.releases > 0 ? Math.max(1, Math.ceil((c.existingReleases + c.releases) / 100)) : 0;
  const reads = c.releases * READS_PER_RELEASE + listing;
  return { requests: writes + reads, contentCreating: writes };
}

/** The token's primary budget, as `GET /rate_limit` reports it. */
export interface PrimaryBudget {
  readonly limit: number;
  readonly remaining: number;
  /** When the window resets, epoch seconds. */
  readonly reset: number;
}

function clockTime(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(11, 16)} UTC`;
}

function duration(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * The refusal of a plan the remaining primary budget cannot cover: what it needs, what is left, when
 * it resets and the remedy; undefined when the budget covers it.
 */
export function budgetRefusal(cost: Cost, budget: PrimaryBudget, nowMs: number): string | undefined {
  if (cost.requests <= budget.remaining) return undefined;
  const resetsIn = Math.max(0, budget.reset * 1000 - nowMs);
  return (
    `This publish needs ${cost.requests} API requests (${cost.contentCreating} content-creating) but the token has ` +
    `${budget.remaining} of its ${budget.limit} an hour left, until ${clockTime(budget.reset)} (in ${duration(resetsIn)}): ` +
    'nothing was written. Publish with a GitHub App installation token (5,000 requests an hour) as release-token, ' +
    'or publish fewer kinds or files.'
  );
}

/** One line for the log, the summary and dry-run. */
export function describeCost(cost: Cost, budget: PrimaryBudget | undefined, f: SecondaryFigures): string {
  const left = budget === undefined ? '' : `; the token has ${budget.remaining} of ${budget.limit} an hour left`;
  const paced = minimumPacedMs(cost.contentCreating, f);
  const pace =
    paced > 0
      ? `; GitHub's secondary limits (${f.perMinute} content-creating requests a minute, ${f.perHour} an hour) make it take at least ${duration(paced * (60_000 / f.minuteMs))}`
      : '';
  return `API cost of this publish: ${cost.requests} requests, ${cost.contentCreating} of them content-creating${left}${pace}.`;
}
