/**
 * Replicas that share the work and survive death (issue 12's must-show), on the two-replica
 * topology of `npm start -- --replicas 2` (tests/support/replicatedStack.ts: every gateway and
 * subgraph replica a real process behind the load balancer, a private Redis with AOF always).
 *
 * 1. 200 death reports at a steady rate while one replica of every department (and one gateway)
 *    is SIGKILLed and brought back by the supervisor, and Redis is killed and started once: every
 *    report is answered, accepted or refused with a coded error (no hang, no uncoded 5xx); sent
 *    again with the same idempotency key as the error says, every one is stored exactly once;
 *    every delivery completes, each system holds exactly one write per delivery, no form twice.
 * 2. One system down for a whole run of 40 reports, then back: all its deliveries complete after
 *    it returns, each exactly once.
 */
import { randomUUID } from 'node:crypto';
import { SYSTEM_NAMES, type WriteThroughSystem } from '../domain/systems';
import { consistentResidents, type SeedResident } from '../systems/seed/population';
import { withRedis } from './support/environment';
import { startReplicatedStack, type ReplicatedStack } from './support/replicatedStack';
import { deathOf, INTAKE_FIELDS, type IntakeResult } from './support/reports';
import type { GraphQLResponse } from './support/stack';

/**
 * Each system's write log and what makes one write distinct: the intake it carries out (the
 * reference every delivery sends) and, where one delivery writes several rows, which row; the
 * health platform keeps versions of the one patient resource a death changes.
 */
const WRITE_LOG: Record<WriteThroughSystem, { table: string; key: string; intake?: string }> = {
  COMMUNITY_REGISTRY: { table: 'changes', key: 'reference', intake: 'reference' },
  SOCIAL_ASSISTANCE: { table: 'terminations', key: 'reference', intake: 'reference' },
  ELDERLY_DISABILITY_SUBSIDY: { table: 'stop_log', key: "reference || '/' || subsidy_type", intake: 'reference' },
  SOCIAL_INSURANCE: { table: 'writes', key: "reference || '/' || kind", intake: 'reference' },
  HEALTH_PLATFORM: { table: 'writes', key: "resource_type || '/' || resource_id" },
};
const REPORT = `mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { ${INTAKE_FIELDS} } }`;
const READ = `query($id: ID!) { intake(id: $id) { ${INTAKE_FIELDS} } }`;
const DEPARTMENT_SUBGRAPHS = ['community', 'civil-affairs', 'hrss', 'health', 'public-security', 'reconciliation'];

type Outcome = { kind: 'accepted'; intake: IntakeResult } | { kind: 'refused'; status: number; code: string; stored?: unknown; message?: string } | { kind: 'uncoded'; status: number; body: GraphQLResponse } | { kind: 'hang'; error: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

withRedis('replicas killed and Redis restarted under a steady stream of reports', () => {
  let stack: ReplicatedStack;
  // Residents who are alive and registered, each reported once across both scenarios.
  const residents = consistentResidents().filter((r) => r.registry.status === 'RESIDENT');
  let next = 0;
  // The first scenario's intakes: the second starts once they are all complete, so its counts are its own.
  let earlier: string[] = [];
  const take = (n: number) => residents.slice(next, (next += n));

  beforeAll(async () => {
    stack = await startReplicatedStack({
      env: {
        // Answer a report once it is stored: the deliveries are what the test follows.
        INTAKE_WAIT_MS: '0',
        // Never dead-letter during an outage; retry quickly once it is over.
        DELIVERY_MAX_ATTEMPTS: '100000',
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_BACKOFF_MAX_MS: '1000',
        DELIVERY_POLL_MS: '100',
        SYSTEM_TIMEOUT_MS: '5000',
        // The budget is not under test here: 200 reports from four community workers.
        RATE_LIMIT_CAPACITY: '0',
      },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  async function send(person: SeedResident, input: Record<string, unknown>): Promise<Outcome> {
    try {
      const { status, body } = await stack.post({ query: REPORT, variables: { input } }, await stack.token('community', person.community));
      const intake = (body.data as { reportPopulationChange?: IntakeResult } | null | undefined)?.reportPopulationChange;
      if (intake && !body.errors?.length) return { kind: 'accepted', intake };
      const code = body.errors?.[0]?.extensions?.code;
      if (typeof code === 'string') return { kind: 'refused', status, code, stored: body.errors?.[0]?.extensions?.stored, message: body.errors?.[0]?.message };
      return { kind: 'uncoded', status, body };
    } catch (err) {
      return { kind: 'hang', error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Sends every report (one every `intervalMs`, not waiting for answers) and runs `during(i)` as report i goes out. */
  async function steadily(people: SeedResident[], intervalMs: number, during: (i: number) => Promise<void> | void = () => undefined) {
    const inputs = people.map((p) => deathOf(p, { idempotencyKey: `chaos-${randomUUID()}` }));
    const answers: Promise<Outcome>[] = [];
    const chaos: Promise<void>[] = [];
    for (let i = 0; i < people.length; i++) {
      answers.push(send(people[i], inputs[i]));
      chaos.push(Promise.resolve(during(i)));
      await sleep(intervalMs);
    }
    await Promise.all(chaos);
    return { inputs, outcomes: await Promise.all(answers) };
  }

  /** A refused report sent again with the same idempotency key, as its error says, until it is accepted. */
  async function resendUntilAccepted(person: SeedResident, input: Record<string, unknown>, timeoutMs = 60_000): Promise<IntakeResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const outcome = await send(person, input);
      if (outcome.kind === 'accepted') return outcome.intake;
      if (Date.now() > deadline) throw new Error(`a report was still not accepted after ${timeoutMs} ms: ${JSON.stringify(outcome)}`);
      await sleep(500);
    }
  }

  async function read(id: string): Promise<IntakeResult | undefined> {
    try {
      const { body } = await stack.post({ query: READ, variables: { id } }, await stack.token('supervision'), 20_000);
      return (body.data as { intake?: IntakeResult } | undefined)?.intake ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Polls every intake until each is COMPLETE (or the time runs out); returns the last readings. */
  async function untilComplete(ids: string[], timeoutMs: number): Promise<Map<string, IntakeResult>> {
    const last = new Map<string, IntakeResult>();
    const deadline = Date.now() + timeoutMs;
    let pending = ids;
    while (pending.length && Date.now() < deadline) {
      const readings = await Promise.all(pending.map(async (id) => [id, await read(id)] as const));
      for (const [id, r] of readings) if (r) last.set(id, r);
      pending = pending.filter((id) => last.get(id)?.status !== 'COMPLETE');
      if (pending.length) await sleep(500);
    }
    return last;
  }

  /** Where each system's write log ends now: the scenario judges only the rows after it. */
  function writeMarks(): Record<WriteThroughSystem, number> {
    return Object.fromEntries(SYSTEM_NAMES.map((s) => [s, (stack.systems[s].ctx.db.prepare(`SELECT COALESCE(MAX(rowid), 0) AS n FROM ${WRITE_LOG[s].table}`).get() as { n: number }).n])) as Record<WriteThroughSystem, number>;
  }

  /** The rows `system` wrote after `mark`, as [write key, intake reference] pairs. */
  function writesAfter(system: WriteThroughSystem, mark: number): { key: string; intake: string | null }[] {
    const { table, key, intake } = WRITE_LOG[system];
    return stack.systems[system].ctx.db.prepare(`SELECT ${key} AS key, ${intake ?? 'NULL'} AS intake FROM ${table} WHERE rowid > ?`).all(mark) as { key: string; intake: string | null }[];
  }

  /** The invariants both scenarios end on: complete, every delivery written exactly once, no form twice. */
  function expectExactlyOnce(intakes: IntakeResult[], marks: Record<WriteThroughSystem, number>): void {
    expect(intakes.filter((i) => i.status !== 'COMPLETE').map((i) => ({ status: i.status, deliveries: i.deliveries }))).toEqual([]);
    for (const system of SYSTEM_NAMES) {
      const rows = writesAfter(system, marks[system]);
      const keys = rows.map((r) => r.key);
      // No write twice.
      expect({ system, duplicates: keys.filter((k, i) => keys.indexOf(k) !== i) }).toEqual({ system, duplicates: [] });
      const delivered = intakes.filter((i) => i.deliveries.some((d) => d.system === system && d.status === 'DELIVERED')).map((i) => i.id);
      if (WRITE_LOG[system].intake) {
        // Every delivered intake written, and nothing written for any other.
        expect({ system, written: [...new Set(rows.map((r) => r.intake))].sort() }).toEqual({ system, written: [...delivered].sort() });
      } else {
        expect({ system, written: new Set(keys).size }).toEqual({ system, written: delivered.length });
      }
    }
    for (const intake of intakes) expect(new Set(intake.forms.map((f) => f.type)).size).toBe(intake.forms.length);
    const formIds = intakes.flatMap((i) => i.forms.map((f) => f.id));
    expect(new Set(formIds).size).toBe(formIds.length);
  }

  it('200 reports while a replica of each department and a gateway are SIGKILLed and Redis restarts: each answered with a code, stored once, delivered once', async () => {
    const people = take(200);
    const marks = writeMarks();
    const restartsBefore = Object.fromEntries(DEPARTMENT_SUBGRAPHS.map((d) => [d, stack.supervisor.restarts(`${d}#1`)]));
    const { inputs, outcomes } = await steadily(people, 150, async (i) => {
      if (i === 40) await Promise.all(DEPARTMENT_SUBGRAPHS.map((d) => stack.supervisor.kill(`${d}#1`, 'SIGKILL')));
      if (i === 90) {
        await stack.redis.kill();
        await sleep(1500);
        await stack.redis.start();
      }
      if (i === 140) await stack.supervisor.kill('gateway#2', 'SIGKILL');
    });

    // Every report answered: accepted, or refused with a code saying what to do.
    expect(outcomes.filter((o) => o.kind === 'hang' || o.kind === 'uncoded')).toEqual([]);
    const refused = outcomes.flatMap((o, i) => (o.kind === 'refused' ? [{ i, code: o.code, stored: o.stored, message: o.message }] : []));
    const CLEAR = ['REPLICA_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'STORE_UNAVAILABLE', 'AUDIT_UNAVAILABLE'];
    expect(refused.filter((r) => !CLEAR.includes(r.code))).toEqual([]);
    // Say what the refusals were (codes only: no personal data), to read the run in the output.
    console.error(`chaos: ${outcomes.length - refused.length} accepted at once, ${refused.length} refused: ${JSON.stringify(refused.map((r) => `${r.code}/${String(r.stored)}`))}`);

    // Each killed replica came back.
    for (const d of DEPARTMENT_SUBGRAPHS) expect(stack.supervisor.restarts(`${d}#1`)).toBeGreaterThanOrEqual(restartsBefore[d] + 1);
    await stack.allHealthy(60_000);

    // The refused ones sent again with the same key: none lost, none stored twice.
    const intakeIds = await Promise.all(
      outcomes.map(async (o, i) => (o.kind === 'accepted' ? o.intake.id : (await resendUntilAccepted(people[i], inputs[i])).id)),
    );
    earlier = intakeIds;
    expect(new Set(intakeIds).size).toBe(people.length);
    const again = await Promise.all(people.slice(0, 5).map((p, i) => resendUntilAccepted(p, inputs[i])));
    expect(again.map((i) => i.id)).toEqual(intakeIds.slice(0, 5));

    const final = await untilComplete(intakeIds, 120_000);
    const intakes = intakeIds.map((id) => final.get(id)!);
    // Each intake is the report of its own resident (compared in the test, never printed).
    const reported = intakes.map((i) => (i as IntakeResult & { change?: { community?: string; kind?: string } })?.change);
    expect(reported.map((c, n) => c?.kind === 'DEATH' && c.community === people[n].community)).toEqual(people.map(() => true));
    expectExactlyOnce(intakes, marks);
  }, 420_000);

  it('with one system down for a whole run of 40 reports, all its deliveries complete after it returns, each once', async () => {
    const down: WriteThroughSystem = 'SOCIAL_INSURANCE';
    const people = take(40);
    await untilComplete(earlier, 120_000);
    const marks = writeMarks();
    await stack.fault(down, { mode: 'down' });
    let intakeIds: string[];
    try {
      const { inputs, outcomes } = await steadily(people, 100);
      expect(outcomes.filter((o) => o.kind === 'hang' || o.kind === 'uncoded')).toEqual([]);
      intakeIds = await Promise.all(outcomes.map(async (o, i) => (o.kind === 'accepted' ? o.intake.id : (await resendUntilAccepted(people[i], inputs[i])).id)));
      // While it is down, its deliveries wait (pending), and nothing reached it.
      const meanwhile = await Promise.all(intakeIds.map(read));
      const waiting = meanwhile.filter((i) => i?.deliveries.some((d) => d.system === down && d.status === 'PENDING'));
      expect(waiting.length).toBeGreaterThan(0);
      expect(writesAfter(down, marks[down])).toEqual([]);
    } finally {
      await stack.fault(down, { mode: 'none' });
    }
    const final = await untilComplete(intakeIds, 120_000);
    expectExactlyOnce(
      intakeIds.map((id) => final.get(id)!),
      marks,
    );
  }, 300_000);
});
