/**
 * Fault injection: rules matched against each request before auth and handlers, so tests can make
 * GitHub misbehave at an exact moment (the nth matching request) without touching state.
 */

export type FaultAction =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { reset: true }
  | { secondaryRateLimit: { retryAfter: number } }
  | { latencyMs: number }
  /**
   * The request is carried out (state changes as usual) but its answer never arrives: the connection
   * is cut ('reset'), or a gateway error replaces it (a status, e.g. 502), as when GitHub's front end
   * times out on a write its back end completed.
   */
  | { answerLost: 'reset' | number };

export interface FaultRule {
  method?: string;
  /** A string matches the exact path (no query); a RegExp is tested against the path. */
  path?: string | RegExp;
  /** 1-based index among matching requests at which the rule starts firing; default 1. */
  nth?: number;
  /** How many times it fires from then on; default 1. */
  times?: number;
  action: FaultAction;
}

export interface FaultRuleHandle {
  readonly rule: FaultRule;
  /** Requests that matched method and path so far (fired or not). */
  readonly matched: number;
  /** How many times the action was applied. */
  readonly fired: number;
}

interface ActiveRule {
  rule: FaultRule;
  matched: number;
  fired: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): FaultRuleHandle {
    const active: ActiveRule = { rule, matched: 0, fired: 0 };
    this.rules.push(active);
    return {
      rule,
      get matched() {
        return active.matched;
      },
      get fired() {
        return active.fired;
      },
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** Every rule with its counters, in the order added. */
  list(): FaultRuleHandle[] {
    return this.rules.map((active) => ({ rule: active.rule, matched: active.matched, fired: active.fired }));
  }

  /** Total firings across all rules. */
  firedCount(): number {
    return this.rules.reduce((sum, active) => sum + active.fired, 0);
  }

  /**
   * The actions to apply to this request, in rule order. Latency rules combine with one terminal
   * action (status, reset, secondary limit, lost answer); the first terminal rule that fires wins.
   */
  take(method: string, path: string): FaultAction[] {
    const actions: FaultAction[] = [];
    let terminal = false;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path !== undefined && !pathMatches(rule.path, path)) continue;
      const isLatency = 'latencyMs' in rule.action;
      active.matched += 1;
      const first = rule.nth ?? 1;
      const times = rule.times ?? 1;
      if (active.matched < first || active.matched >= first + times) continue;
      // One request can only fail one way; a later terminal rule in its window does not fire here.
      if (!isLatency && terminal) continue;
      active.fired += 1;
      actions.push(rule.action);
      if (!isLatency) terminal = true;
    }
    return actions;
  }
}

function pathMatches(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern === 'string') return pattern === path;
  pattern.lastIndex = 0;
  return pattern.test(path);
}

export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';
