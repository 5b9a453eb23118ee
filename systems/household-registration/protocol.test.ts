/**
 * The exchange speaks for real: a request signed with the application's secret is answered, and
 * a wrong signature, a stale timestamp, a replayed nonce and an unknown key are each refused
 * with the exchange's own code, before any interface runs. The data agree with the registry's
 * deaths and moves (cancelled a few days later) and hold the system's own planted deaths.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { householdRegistrationStandInWith } from './standIn';
import { plantedCancellations } from './store';

const APP = { key: 'test-app', secret: 'test-secret-of-sixteen-plus' };

interface Envelope {
  code: string;
  message: string;
  data: { list: Array<{ sfzh: string; hjzt: string; zxyydm: string | null; zxyymc: string | null; zxrq: string | null }>; total?: number; totalPages?: number } | null;
}

describe('household registration exchange', () => {
  let hr: StartedStandIn;
  const residents = population().residents;
  const dead = residents.find((r) => r.registry.status === 'DECEASED')!;
  const moved = residents.find((r) => r.registry.status === 'MOVED_OUT')!;
  const alive = residents.find((r) => r.registry.status === 'RESIDENT' && !r.health.deceased)!;

  const signed = (method: string, path: string, body = '', over: { timestamp?: number; nonce?: string; secret?: string; key?: string } = {}) => {
    const timestamp = String(over.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = over.nonce ?? randomUUID();
    const digest = createHash('sha256').update(body).digest('hex');
    const signature = createHmac('sha256', over.secret ?? APP.secret).update([method, path, timestamp, nonce, digest].join('\n')).digest('hex');
    return { 'x-app-key': over.key ?? APP.key, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature };
  };
  const batchQuery = async (ids: string[], over: Parameters<typeof signed>[3] = {}) => {
    const body = JSON.stringify({ sfzhList: ids });
    const path = '/dex/v1/hukou/registrations/batch-query';
    const res = await fetch(hr.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...signed('POST', path, body, over) }, body });
    return { status: res.status, body: (await res.json()) as Envelope };
  };
  const changes = async (query: string) => {
    const path = `/dex/v1/hukou/changes?${query}`;
    const res = await fetch(hr.url + path, { headers: signed('GET', path) });
    return { status: res.status, body: (await res.json()) as Envelope };
  };

  beforeAll(async () => {
    hr = await startStandIn(householdRegistrationStandInWith({ apps: { [APP.key]: APP.secret }, skewSeconds: 300, ratePerSecond: 0 }));
  });
  afterAll(() => hr.close());

  it('answers a signed batch query with each registration in the exchange envelope', async () => {
    const { status, body } = await batchQuery([alive.idNumber, dead.idNumber, moved.idNumber]);
    expect(status).toBe(200);
    expect(body.code).toBe('0');
    const byId = new Map(body.data!.list.map((r) => [r.sfzh, r]));
    expect(byId.get(alive.idNumber)).toEqual({ sfzh: alive.idNumber, hjzt: '1', zxyydm: null, zxyymc: null, zxrq: null });
    expect(byId.get(dead.idNumber)).toMatchObject({ hjzt: '2', zxyydm: '10', zxyymc: '死亡注销' });
    expect(byId.get(moved.idNumber)).toMatchObject({ hjzt: '2', zxyydm: '20', zxyymc: '迁出注销' });
    // The police cancel after the registry recorded it: 3 to 14 days later.
    const lag = (Date.parse(`${byId.get(dead.idNumber)!.zxrq!.replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')}`) - Date.parse(dead.registry.statusSince!)) / 86_400_000;
    expect(lag).toBeGreaterThanOrEqual(3);
    expect(lag).toBeLessThanOrEqual(14);
  });

  it('refuses a wrong signature with E1001 and serves nothing', async () => {
    const before = (await (await fetch(`${hr.url}/__admin/stats`)).json()) as { byKind: Record<string, number> };
    const { status, body } = await batchQuery([alive.idNumber], { secret: 'not-the-application-secret' });
    expect(status).toBe(401);
    expect(body).toMatchObject({ code: 'E1001', data: null });
    expect(body.message).toMatch(/HMAC-SHA256/);
    const after = (await (await fetch(`${hr.url}/__admin/stats`)).json()) as { byKind: Record<string, number> };
    expect(after.byKind['batch-query'] ?? 0).toBe(before.byKind['batch-query'] ?? 0);
  });

  it('refuses a timestamp outside the 300 s skew window with E1002, either side', async () => {
    for (const skew of [-301, 301]) {
      const { status, body } = await batchQuery([alive.idNumber], { timestamp: Math.floor(Date.now() / 1000) + skew });
      expect(status).toBe(401);
      expect(body.code).toBe('E1002');
    }
    expect((await batchQuery([alive.idNumber], { timestamp: Math.floor(Date.now() / 1000) - 240 })).body.code).toBe('0');
  });

  it('refuses a replayed nonce with E1003: the same signed request twice is answered once', async () => {
    const nonce = randomUUID();
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await batchQuery([alive.idNumber], { nonce, timestamp })).body.code).toBe('0');
    const replay = await batchQuery([alive.idNumber], { nonce, timestamp });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('E1003');
  });

  it('refuses an unknown application key with E1004 and missing signing headers with E1000', async () => {
    expect((await batchQuery([alive.idNumber], { key: 'someone-else' })).body.code).toBe('E1004');
    const res = await fetch(`${hr.url}/dex/v1/hukou/changes?date=2026-01-01`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Envelope).code).toBe('E1000');
  });

  it('lists the cancellations of a day, and of a span a page at a time', async () => {
    const own = plantedCancellations(population())[0];
    const day = await changes(`date=${own.cancelledOn}`);
    expect(day.body.code).toBe('0');
    expect(day.body.data!.list).toContainEqual({ sfzh: own.idNumber, hjzt: '2', zxyydm: '10', zxyymc: '死亡注销', zxrq: own.cancelledOn.replace(/-/g, '') });
    expect(day.body.data!.list.every((r) => r.zxrq === own.cancelledOn.replace(/-/g, ''))).toBe(true);

    const first = await changes('from=2020-01-01&to=2026-12-31&page=1&pageSize=50');
    const cancelled = population().residents.filter((r) => r.registry.status !== 'RESIDENT').length + plantedCancellations(population()).length;
    expect(first.body.data!.total).toBe(cancelled);
    expect(first.body.data!.list).toHaveLength(50);
    const last = await changes(`from=2020-01-01&to=2026-12-31&page=${first.body.data!.totalPages}&pageSize=50`);
    expect(last.body.data!.list).toHaveLength(cancelled - 50 * (first.body.data!.totalPages! - 1));
  });

  it('answers bad parameters with E2001, naming the rule', async () => {
    const { status, body } = await changes('from=2026-02-01');
    expect(status).toBe(400);
    expect(body.code).toBe('E2001');
    expect(body.message).toMatch(/either date, or both from and to/);
    const tooMany = await batchQuery(residents.slice(0, 101).map((r) => r.idNumber));
    expect(tooMany.body).toMatchObject({ code: 'E2001' });
    expect(tooMany.body.message).toMatch(/at most 100/);
  });
});

describe('household registration exchange quota', () => {
  it('refuses the application over its per-second quota with E1005 and Retry-After', async () => {
    // One instant for the exchange's clock: every request falls in the same one-second window.
    const instant = Date.now();
    const hr = await startStandIn(householdRegistrationStandInWith({ apps: { [APP.key]: APP.secret }, ratePerSecond: 2, now: () => instant }));
    try {
      const path = '/dex/v1/hukou/changes?date=2026-01-01';
      const sign = () => {
        const timestamp = String(Math.floor(instant / 1000));
        const nonce = randomUUID();
        const signature = createHmac('sha256', APP.secret).update(['GET', path, timestamp, nonce, createHash('sha256').update('').digest('hex')].join('\n')).digest('hex');
        return { 'x-app-key': APP.key, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature };
      };
      const replies = [];
      for (let i = 0; i < 5; i++) replies.push(await fetch(hr.url + path, { headers: sign() }));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 429, 429, 429]);
      const refused = replies.filter((r) => r.status === 429);
      expect(refused[0].headers.get('retry-after')).toBe('1');
      expect(((await refused[0].json()) as Envelope).code).toBe('E1005');
    } finally {
      await hr.close();
    }
  });
});
