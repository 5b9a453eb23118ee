import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { TokenBucket } from './rateLimit';
import { socialInsuranceStandInWith } from './standIn';

describe('TokenBucket', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 2 }, () => now);
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 250 });
    now = 250;
    expect(bucket.take()).toEqual({ ok: true });
  });

  it('never holds more than the burst however long it was idle', () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 }, () => now);
    now = 60_000;
    const results = Array.from({ length: 4 }, () => bucket.take().ok);
    expect(results).toEqual([true, true, true, false]);
  });

  it('is off at rate 0', () => {
    const bucket = new TokenBucket({ ratePerSecond: 0, burst: 1 });
    expect(Array.from({ length: 50 }, () => bucket.take().ok).every(Boolean)).toBe(true);
  });
});

describe('social insurance rate limit over HTTP', () => {
  let si: StartedStandIn;
  const id = population().residents[0].idNumber;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 2, burst: 2 }));
  });
  afterAll(() => si.close());

  it('answers 429 with Retry-After in whole seconds past the rate, and serves again after waiting', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${si.url}/si/v2/insured-persons?idNumbers=${id}`);
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(await res.json()).toMatchObject({ code: 'RATE_LIMITED' });
      } else await res.arrayBuffer();
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(retryAfter).toMatch(/^[1-9]\d*$/);

    await new Promise((r) => setTimeout(r, Number(retryAfter) * 1000));
    expect((await fetch(`${si.url}/si/v2/insured-persons?idNumbers=${id}`)).status).toBe(200);
    const stats = await (await fetch(`${si.url}/__admin/stats`)).json();
    expect(stats.byKind['rate-limited']).toBe(statuses.filter((s) => s === 429).length);
  });

  it('does not limit the admin endpoints', async () => {
    const all = await Promise.all(Array.from({ length: 6 }, () => fetch(`${si.url}/__admin/stats`)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});
