import { batchLoader, oneByOneLoader } from './loaders';

describe('loaders', () => {
  it('batchLoader reads a list of keys in calls of at most maxBatchSize and maps misses to null', async () => {
    const calls: number[] = [];
    const loader = batchLoader(async (keys) => {
      calls.push(keys.length);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    }, 2);
    const out = await Promise.all(['a', 'b', 'missing'].map((k) => loader.load(k)));
    expect(out).toEqual(['A', 'B', null]);
    expect(calls).toEqual([2, 1]);
  });

  it('batchLoader gives every key of a failed batch the error and does not cache it', async () => {
    let fail = true;
    const loader = batchLoader(async (keys) => {
      if (fail) throw new Error('down');
      return new Map(keys.map((k) => [k, 1]));
    }, 10);
    await expect(loader.load('x')).rejects.toThrow('down');
    fail = false;
    loader.clearAll();
    await expect(loader.load('x')).resolves.toBe(1);
  });

  it('oneByOneLoader fails only the key whose call failed', async () => {
    const loader = oneByOneLoader(async (k) => {
      if (k === 'bad') throw new Error('fault');
      return k;
    }, 2);
    const [good, bad] = await Promise.allSettled([loader.load('good'), loader.load('bad')]);
    expect(good).toEqual({ status: 'fulfilled', value: 'good' });
    expect(bad.status).toBe('rejected');
  });
});
