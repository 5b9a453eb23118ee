/**
 * Report validation is no oracle for other communities: an ID number registered in another
 * community and one the registry does not know get the same answer (code, rule, path, message),
 * whether asked with a worker's token or the community's QR credential, and in the same time:
 * 200 pairs of tries, one of each kind back to back, so that load on the machine falls on both
 * alike. The registry answers after a fixed latency (REGISTRY_MS), so a path that skipped or
 * added a registry read would differ by that much in every pair; the median of the paired
 * differences must stay under a third of it. Paired differences, not a ratio of medians: on a
 * loaded 2-core CI machine two medians drift apart by more than 20 % from noise alone, while
 * the noise in a pair's difference is as often negative as positive.
 */
import { makeIdNumber } from '../domain/idNumber';
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { consistentResidents, population } from '../systems/seed/population';
import { deathOf } from './support/reports';
import { startStack, type GraphQLResponse, type Stack } from './support/stack';

const TRIES = 200;
/** The registry's answer time: the unit a timing oracle would have to reveal. */
const REGISTRY_MS = 30;
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
    await stack.fault('COMMUNITY_REGISTRY', { mode: 'slow', latencyMs: REGISTRY_MS });
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

  it(`answers both in the same time: the median of ${TRIES} paired differences is under a third of one registry read`, async () => {
    const timed = async (idNumber: string) => {
      const start = performance.now();
      const res = await reportAbout(idNumber, workerToken);
      const ms = performance.now() - start;
      expect(res.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ rule: 'notRegistered' })]);
      return ms;
    };
    // Warm both paths (connections, JIT) before measuring.
    for (let i = 0; i < 10; i++) await Promise.all([timed(elsewhere[TRIES + i].idNumber), timed(unknownNumbers[TRIES + i])]);
    const differences: number[] = [];
    for (let i = 0; i < TRIES; i++) {
      // Alternate which goes first, so a drift in the machine's load cannot favour one kind.
      if (i % 2) {
        const unknown = await timed(unknownNumbers[i]);
        differences.push((await timed(elsewhere[i].idNumber)) - unknown);
      } else {
        const other = await timed(elsewhere[i].idNumber);
        differences.push(other - (await timed(unknownNumbers[i])));
      }
    }
    const median = [...differences].sort((a, b) => a - b)[Math.floor(differences.length / 2)];
    // The figure travels with the verdict, so a failure shows it.
    expect({ medianDifferenceMs: Math.round(median * 10) / 10, underAThirdOfARegistryRead: Math.abs(median) < REGISTRY_MS / 3 }).toEqual({ medianDifferenceMs: expect.any(Number), underAThirdOfARegistryRead: true });
  }, 180_000);
});
