import { BrokenCircuitError } from 'cockatiel';
import { CircuitBreaker } from './breaker';

const fail = () => Promise.reject(new Error('down'));
const succeed = () => Promise.resolve('ok');

describe('circuit breaker', () => {
  let now = 0;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('opens after the threshold of consecutive failures and lets one trial through after the reset time', async () => {
    const b = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 1000 });
    for (let i = 0; i < 3; i++) await expect(b.execute(fail)).rejects.toThrow('down');
    expect(b.state).toBe('open');
    expect(b.msUntilTrial()).toBe(1000);
    await expect(b.execute(succeed)).rejects.toBeInstanceOf(BrokenCircuitError);
    now += 400;
    expect(b.msUntilTrial()).toBe(600);
    now += 600;
    expect(b.state).toBe('half-open');
    expect(b.msUntilTrial()).toBe(0);
    let endTrial!: (v: string) => void;
    const trial = b.execute(() => new Promise<string>((r) => (endTrial = r)));
    let secondRan = false;
    // Only one trial while half-open: a second call waits for the trial's outcome before it goes out.
    const second = b.execute(async () => ((secondRan = true), 'second'));
    await Promise.resolve();
    expect(secondRan).toBe(false);
    endTrial('trial');
    await expect(trial).resolves.toBe('trial');
    await expect(second).resolves.toBe('second');
    expect(b.state).toBe('closed');
  });

  it('re-opens when the trial call fails', async () => {
    const b = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 10 });
    await expect(b.execute(fail)).rejects.toThrow('down');
    now += 10;
    await expect(b.execute(fail)).rejects.toThrow('down');
    expect(b.state).toBe('open');
  });

  it('a success resets the count of consecutive failures', async () => {
    const b = new CircuitBreaker({ failureThreshold: 2 });
    await expect(b.execute(fail)).rejects.toThrow();
    await b.execute(succeed);
    await expect(b.execute(fail)).rejects.toThrow();
    expect(b.state).toBe('closed');
  });

  it('tells every state change, for the gauge', async () => {
    const seen: string[] = [];
    const b = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 10 });
    b.onStateChange((s) => seen.push(s));
    await expect(b.execute(fail)).rejects.toThrow();
    now += 10;
    await b.execute(succeed);
    expect(seen).toEqual(['open', 'half-open', 'closed']);
  });
});
