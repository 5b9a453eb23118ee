import { CircuitBreaker } from './breaker';

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures and lets one trial through after the reset time', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(b.tryAcquire()).toBe(true);
      b.onFailure();
    }
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    now = 1000;
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // only one trial while half-open
    b.onSuccess();
    expect(b.state).toBe('closed');
  });

  it('re-opens when the trial call fails', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 10, now: () => now });
    b.onFailure();
    now = 10;
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
  });

  it('a success resets the count of consecutive failures', () => {
    const b = new CircuitBreaker({ failureThreshold: 2 });
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    expect(b.state).toBe('closed');
  });
});
