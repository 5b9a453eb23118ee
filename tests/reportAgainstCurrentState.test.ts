/**
 * A report is checked against the person's current state, through the gateway over real HTTP:
 * a death for a resident the registry records as moved out, a move for one it records as dead,
 * a second report for a resident this platform already took a report for, are refused with
 * BAD_USER_INPUT naming the earlier event and its date; nothing is stored and no system is
 * called for a write. A report sent again with its own key is still the same intake.
 */
import { reportReference } from '../subgraphs/community/intake/reference';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SYSTEM_NAMES, type SystemName } from '../domain/systems';
import { consistentResidents, population, type SeedResident } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, moveOf, report } from './support/reports';
import { writeCounts, writesSince } from './support/writes';

/** The registry's write requests: any other system is not called at all. */
const REGISTRY_WRITE_KINDS = ['change', 'import'];

describe('reportPopulationChange: checked against the person\'s current state', () => {
  let stack: Stack;
  const { residents } = population();
  // Recent enough that a date before the event is still within the five years a report may go back.
  const movedOut = residents.find((r) => r.registry.status === 'MOVED_OUT' && r.registry.statusSince! >= '2023-01-01')!;
  const dead = residents.find((r) => r.registry.status === 'DECEASED' && r.registry.statusSince! >= '2023-01-01')!;
  const none = { COMMUNITY_REGISTRY: 0, SOCIAL_ASSISTANCE: 0, ELDERLY_DISABILITY_SUBSIDY: 0, SOCIAL_INSURANCE: 0, HEALTH_PLATFORM: 0 };

  const outbox = () => {
    const db = new Database(join(stack.dataDir, 'intake.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT (SELECT COUNT(*) FROM intakes) AS intakes, (SELECT COUNT(*) FROM deliveries) AS deliveries').get() as { intakes: number; deliveries: number });
    } finally {
      db.close();
    }
  };
  /** Requests each system served, by kind. */
  const requests = async () => Object.fromEntries(await Promise.all(SYSTEM_NAMES.map(async (s) => [s, (await stack.stats(s)).byKind] as const))) as Record<SystemName, Record<string, number>>;

  /** Sends the report and checks it was refused with the rule, storing nothing, writing nothing, calling no system but the registry's reads. */
  async function refused(input: Record<string, unknown>, rule: string) {
    const beforeStore = outbox();
    const beforeWrites = writeCounts(stack);
    const beforeRequests = await requests();
    const res = await report(stack, input);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const fields = res.errors![0].extensions!.fields as { path: string[]; rule: string; message: string }[];
    expect(fields).toEqual([expect.objectContaining({ path: ['input', 'idNumber'], rule })]);
    expect(outbox()).toEqual(beforeStore);
    expect(writesSince(stack, beforeWrites)).toEqual(none);
    const after = await requests();
    for (const system of SYSTEM_NAMES.filter((s) => s !== 'COMMUNITY_REGISTRY')) expect(after[system]).toEqual(beforeRequests[system]);
    for (const kind of REGISTRY_WRITE_KINDS) expect(after.COMMUNITY_REGISTRY[kind] ?? 0).toBe(beforeRequests.COMMUNITY_REGISTRY[kind] ?? 0);
    return fields[0].message;
  }

  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  it('a death for a resident the registry records as moved out is refused with the move and its date', async () => {
    const message = await refused(deathOf(movedOut), 'alreadyMovedOut');
    expect(message).toContain(`moved out to a destination not recorded on ${movedOut.registry.statusSince}`);
    expect(message).not.toContain(movedOut.idNumber);
  });

  it('a death dated before the recorded move says how to resolve it: a correction of the registry record', async () => {
    const before = `${Number(movedOut.registry.statusSince!.slice(0, 4)) - 1}${movedOut.registry.statusSince!.slice(4)}`;
    const message = await refused(deathOf(movedOut, { effectiveDate: before }), 'alreadyMovedOut');
    expect(message).toContain(`on ${movedOut.registry.statusSince}`);
    expect(message).toContain('correct the earlier record in the community registry instead of sending a second report');
  });

  it('a move for a resident the registry records as dead is refused with the death and its date', async () => {
    const message = await refused(moveOf(dead), 'alreadyDead');
    expect(message).toContain(`recorded by the community registry as dead on ${dead.registry.statusSince}`);
    expect(message).toContain('correct the earlier record in the community registry instead of sending a second report');
  });

  it('a second report for a resident this platform already took one for names the earlier report, its date and where to; the first one sent again is still the same intake', async () => {
    const person: SeedResident = consistentResidents().filter((r) => r.community === '510114003001')[11];
    const move = moveOf(person, { effectiveDate: '2026-11-20' });
    const first = await report(stack, move);
    expect(first.errors).toBeUndefined();
    const intakeId = first.data!.reportPopulationChange.id;

    const message = await refused(deathOf(person, { effectiveDate: '2026-11-25' }), 'alreadyReported');
    expect(message).toContain(`already reported moved out to 成都市武侯区 on 2026-11-20 (report ${reportReference(intakeId)})`);
    expect(message).not.toContain(intakeId);

    const again = await report(stack, move);
    expect(again.errors).toBeUndefined();
    expect(again.data!.reportPopulationChange.id).toBe(intakeId);
  });
});
