import { mapWithConcurrency } from './concurrency';

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

  it('puts an Error in the place of a failed item and goes on', async () => {
    const out = await mapWithConcurrency([1, 2, 3], 3, async (n) => {
      if (n === 2) throw new Error('boom');
      return n;
    });
    expect(out[0]).toBe(1);
    expect(out[1]).toBeInstanceOf(Error);
    expect(out[2]).toBe(3);
  });
});
