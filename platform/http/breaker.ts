/**
 * A circuit breaker per system and direction, on cockatiel's: after `failureThreshold`
 * consecutive failures it opens and calls fail fast for `resetAfterMs`; then one trial call is
 * let through (half-open; calls arriving meanwhile wait for its outcome), and its outcome closes
 * or re-opens the circuit. Keeps a down system from being hammered.
 *
 * What counts as a failure is the caller's choice: `execute`'s function throws only for those
 * (an outage), and returns anything else (a reply, or a refusal it raises afterwards), which
 * counts as a success.
 */
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold?: number;
  /** How long the circuit stays open before a trial call, in ms. @default 5000 */
  resetAfterMs?: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** The gauge value of each state (`circuit_breaker_state`): 0 closed, 1 half-open, 2 open. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export class CircuitBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private readonly resetAfterMs: number;
  private openedAt = 0;

  constructor(options: BreakerOptions = {}) {
    this.resetAfterMs = options.resetAfterMs ?? 5000;
    this.policy = circuitBreaker(handleAll, { halfOpenAfter: this.resetAfterMs, breaker: new ConsecutiveBreaker(options.failureThreshold ?? 5) });
    this.policy.onBreak(() => (this.openedAt = Date.now()));
  }

  /** Open while the pause lasts; half-open once a trial may go (or is under way); closed otherwise. */
  get state(): BreakerState {
    switch (this.policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return this.msUntilTrial() > 0 ? 'open' : 'half-open';
    }
  }

  /** Milliseconds until an open circuit lets a trial call through; 0 when calls may go out. */
  msUntilTrial(): number {
    if (this.policy.state !== CircuitState.Open) return 0;
    return Math.max(0, this.resetAfterMs - (Date.now() - this.openedAt));
  }

  /** Runs `fn` unless the circuit is open (then cockatiel's BrokenCircuitError); a throw from `fn` counts as a failure. */
  execute<T>(fn: () => Promise<T>): Promise<T> {
    return this.policy.execute(fn);
  }

  /** Called with the new state on every change (for the state gauge). */
  onStateChange(listener: (state: BreakerState) => void): void {
    this.policy.onStateChange((s) => listener(s === CircuitState.Closed ? 'closed' : s === CircuitState.HalfOpen ? 'half-open' : 'open'));
  }
}
