/**
 * A circuit breaker per system: after `failureThreshold` consecutive failures it opens and
 * calls fail fast for `resetAfterMs`; then one trial call is let through (half-open), and its
 * outcome closes or re-opens the circuit. Keeps a down system from being hammered.
 */
export interface BreakerOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold?: number;
  /** How long the circuit stays open before a trial call, in ms. @default 5000 */
  resetAfterMs?: number;
  now?: () => number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly resetAfterMs: number;
  private readonly now: () => number;

  constructor(options: BreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.resetAfterMs = options.resetAfterMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() - this.openedAt >= this.resetAfterMs ? 'half-open' : 'open';
  }

  /** Milliseconds until an open circuit lets a trial call through; 0 when calls may go out. */
  msUntilTrial(): number {
    return this.state === 'open' ? Math.max(0, this.resetAfterMs - (this.now() - this.openedAt)) : 0;
  }

  /** True when a call may go out now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
  }

  onFailure(): void {
    this.trialInFlight = false;
    this.failures++;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
