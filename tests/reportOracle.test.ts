/**
 * Report validation is no oracle for other communities: an ID number registered in another
 * community and one the registry does not know get the same answer (code, rule, path, message),
 * whether asked with a worker's token or the community's QR credential, and in the same time:
 * 200 tries of each, interleaved so that load on the machine falls on both alike, medians
 * within 20 %. The registry answers after a small fixed latency, so a path that skipped (or
 * added) a registry read would stand out against the machine's noise.
 */
import { makeIdNumber } from '../domain/idNumber';
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { consistentResidents, population } from '../systems/seed/population';
import { deathOf } from './support/reports';
import { startStack, type GraphQLResponse, type Stack } from './support/stack';

const TRIES = 200;
const COMMUNITY = '510114001001';
const registered = new Set(population().residents.map((r) => r.idNumber));
/** Residents of other communities, and well-formed numbers nobody in the district holds. */
const elsewhere = consistentResidents().filter((r) => r.community !== COMMUNITY);
const birthDate = (i: number) => new Date(Date.UTC(1950, 0, 1 + i)).toISOString().slice(0, 10).replaceAll('-', '');
const unknownNumbers = Array.from({ length: 2 * TRIES }, (_, i) => makeIdNumber('510114', birthDate(i), 990)).filter((n) => !registered.has(n));
const ours = consistentResidents().find((r) => r.community === COMMUNITY)!;

const REPORT = 'mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }';

describe('report validation tells nothing about other communities', () => {
  let stack: Stack;
  let workerToken: string;
  beforeAll(async () => {
    // No rate limit: the 400 timed tries are one caller's on purpose.
    stack = await startStack({ gatewayEnv: { RATE_LIMIT_CAPACITY: '0' } });
    await stack.fault('COMMUNITY_REGISTRY', { mode: 'slow', latencyMs: 10 });
    workerToken = await stack.token('community', COMMUNITY);
  }, 60_000);
  afterAll(() => stack?.close());

  /** A death report for `idNumber` by this community, as `token` sends it. */
  const reportAbout = (idNumber: string, token: string) => stack.query(REPORT, { input: deathOf(ours, { idNumber, name: '王某某' }) }, token);
  /** What the caller learns from a refusal: everything but the text of the ID number itself (not in it). */
  const answer = (res: GraphQLResponse) => ({ status: res.status, data: res.data ?? null, errors: res.errors });

  it("answers another community's resident exactly as an unknown number, after the same registry requests, with a token and with the QR credential", async () => {
    expect(elsewhere.length).toBeGreaterThan(TRIES);
    expect(unknownNumbers.length).toBeGreaterThan(TRIES);
    const credential = (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, COMMUNITY)).token;
    /** The reply, and the registry requests it took by kind: the same calls, or one kind would take longer. */
    const tried = async (idNumber: string, token: string) => {
      const before = (await stack.stats('COMMUNITY_REGISTRY')).byKind;
      const res = await reportAbout(idNumber, token);
      const after = (await stack.stats('COMMUNITY_REGISTRY')).byKind;
      return { res, calls: Object.fromEntries(Object.entries(after).map(([kind, n]) => [kind, n - (before[kind] ?? 0)]).filter(([, n]) => n !== 0)) };
    };
    for (const token of [workerToken, credential]) {
      const [a, b] = [await tried(elsewhere[0].idNumber, token), await tried(unknownNumbers[0], token)];
      expect(Object.keys(a.calls).length).toBeGreaterThan(0);
      expect(a.calls).toEqual(b.calls);
      const [other, unknown] = [a.res, b.res];
      expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'idNumber'], rule: 'notRegistered' }] });
      expect(answer(other)).toEqual(answer(unknown));
      expect(JSON.stringify(other)).not.toContain(elsewhere[0].community);
    }
  });

  it(`answers both in the same time: medians of ${TRIES} interleaved tries each within 20 %`, async () => {
    const timed = async (idNumber: string) => {
      const start = performance.now();
      const res = await reportAbout(idNumber, workerToken);
      const ms = performance.now() - start;
      expect(res.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ rule: 'notRegistered' })]);
      return ms;
    };
    // Warm both paths (connections, JIT) before measuring.
    for (let i = 0; i < 10; i++) await Promise.all([timed(elsewhere[TRIES + i].idNumber), timed(unknownNumbers[TRIES + i])]);
    const times = { other: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < TRIES; i++) {
      // Alternate which goes first, so a drift in the machine's load cannot favour one kind.
      const pair = [() => timed(elsewhere[i].idNumber).then((ms) => times.other.push(ms)), () => timed(unknownNumbers[i]).then((ms) => times.unknown.push(ms))];
      for (const run of i % 2 ? pair.reverse() : pair) await run();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [other, unknown] = [median(times.other), median(times.unknown)];
    // The medians travel with the verdict, so a failure shows the figures.
    const gap = Math.abs(other - unknown) / Math.min(other, unknown);
    expect({ other: Math.round(other), unknown: Math.round(unknown), within20Percent: gap <= 0.2 }).toEqual({ other: expect.any(Number), unknown: expect.any(Number), within20Percent: true });
  }, 180_000);
});
