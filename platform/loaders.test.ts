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

describe('loaders forget failed keys', () => {
  it('batchLoader asks the system again for a key whose batch failed, in the same request (no clearAll)', async () => {
    let calls = 0;
    const loader = batchLoader(async (keys) => {
      calls++;
      if (calls === 1) throw new Error('blip');
      return new Map(keys.map((k) => [k, `value of ${k}`]));
    }, 10);
    await expect(loader.load('x')).rejects.toThrow('blip');
    await expect(loader.load('x')).resolves.toBe('value of x');
    expect(calls).toBe(2);
  });

  it('oneByOneLoader asks again for the failed key only, and keeps the good ones cached', async () => {
    const calls: string[] = [];
    let badFails = true;
    const loader = oneByOneLoader(async (k) => {
      calls.push(k);
      if (k === 'bad' && badFails) throw new Error('fault');
      return k;
    }, 2);
    await Promise.allSettled([loader.load('good'), loader.load('bad')]);
    badFails = false;
    await expect(loader.load('bad')).resolves.toBe('bad');
    await expect(loader.load('good')).resolves.toBe('good');
    expect(calls.sort()).toEqual(['bad', 'bad', 'good']);
  });

  it('a thrown non-Error still fails the key instead of becoming its value', async () => {
    const loader = oneByOneLoader(async () => {
      throw 'not an Error';
    }, 1);
    await expect(loader.load('k')).rejects.toThrow('not an Error');
  });
});
