import { mapWithConcurrency, settleWithConcurrency } from './concurrency';

describe('mapWithConcurrency', () => {
  it('never has more than `limit` calls in flight and keeps the input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (ms) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, ms * 5));
      inFlight--;
      return ms * 10;
    });
    expect(peak).toBe(2);
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
  });

  it('rejects with the first failure instead of handing it back as a value, and starts nothing after it', async () => {
    const started: number[] = [];
    const out = mapWithConcurrency([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('boom');
      return n;
    });
    await expect(out).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('settleWithConcurrency', () => {
  it('settles every item in order, a failed one as rejected, and goes on', async () => {
    const out = await settleWithConcurrency([1, 2, 3], 3, async (n) => {
      if (n === 2) throw new Error('boom');
      return n;
    });
    expect(out[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(out[1]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'boom' }) });
    expect(out[2]).toEqual({ status: 'fulfilled', value: 3 });
  });

  it('refuses a limit below 1', async () => {
    await expect(settleWithConcurrency([1], 0, async (n) => n)).rejects.toThrow('limit must be at least 1, but got 0');
  });
});
