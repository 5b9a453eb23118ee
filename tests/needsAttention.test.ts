/**
 * A failed delivery reaches someone who can act: a system down ends a delivery FAILED, which is
 * listed as needing attention for the department that owns the system and for the reporting
 * community (not for another department or community; supervision sees it with the ID number
 * masked), counted in the owning department's delivery_failed_total, and retried from the list
 * once the system is back, after which it is gone from every list. A delivery nobody works on
 * (its department's subgraph, and so its worker, stopped) is listed OVERDUE once it has waited
 * longer than DELIVERY_OVERDUE_MS.
 */
import { consistentResidents } from '../systems/seed/population';
import { COMMUNITIES } from '../systems/seed/communities';
import { scrape, total } from './support/scrape';
import { startStack, type Stack } from './support/stack';
import { deathOf, report, statusBySystem, waitForIntake } from './support/reports';

const LIST = `{ deliveriesNeedingAttention { reason since intake { id change { kind community resident { idNumber } } } delivery { system status attempts lastError } } }`;
const PERSON = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.community === '510114002001')!;
const OVERDUE_MS = 1500;
const OTHER_COMMUNITY = COMMUNITIES.find((c) => c.code !== PERSON.community)!.code;

interface Item {
  reason: string;
  since: string;
  intake: { id: string; change: { kind: string; community: string; resident: { idNumber: string } } };
  delivery: { system: string; status: string; attempts: number; lastError: string | null };
}

let stack: Stack;
const tokens: Record<string, string> = {};

async function listFor(who: string): Promise<Item[]> {
  const reply = await stack.query<{ deliveriesNeedingAttention: Item[] }>(LIST, undefined, tokens[who]);
  expect(reply.errors).toBeUndefined();
  return reply.data!.deliveriesNeedingAttention;
}

async function failedCounter(): Promise<number> {
  return total(await scrape(stack.subgraphs['civil-affairs'].url), 'delivery_failed_total', { system: 'SOCIAL_ASSISTANCE' });
}

beforeAll(async () => {
  stack = await startStack({ subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '2', INTAKE_WAIT_MS: '500', DELIVERY_OVERDUE_MS: String(OVERDUE_MS) } });
  for (const role of ['civil-affairs', 'hrss', 'health', 'supervision'] as const) tokens[role] = await stack.token(role);
  tokens.community = await stack.token('community', PERSON.community);
  tokens['other-community'] = await stack.token('community', OTHER_COMMUNITY);
}, 60_000);
afterAll(() => stack?.close());

it('lists a delivery FAILED while its system was down for its department and community only, counts it, and drops it once retried from the list', async () => {
  expect(await failedCounter()).toBe(0);
  await stack.fault('SOCIAL_ASSISTANCE', { mode: 'down' });
  const accepted = (await report(stack, deathOf(PERSON))).data!.reportPopulationChange;
  await waitForIntake(stack, accepted.id, (i) => i.status === 'NEEDS_ATTENTION');
  expect(await failedCounter()).toBe(1);

  const [item, ...rest] = await listFor('civil-affairs');
  expect(rest).toEqual([]);
  expect(item).toMatchObject({
    reason: 'FAILED',
    intake: { id: accepted.id, change: { kind: 'DEATH', community: PERSON.community, resident: { idNumber: PERSON.idNumber } } },
    delivery: { system: 'SOCIAL_ASSISTANCE', status: 'FAILED', attempts: 2 },
  });
  expect(item.delivery.lastError).toMatch(/^SYSTEM_UNAVAILABLE: /);
  expect(item.delivery.lastError).not.toContain(PERSON.idNumber);
  expect(Number.isNaN(Date.parse(item.since))).toBe(false);

  expect((await listFor('community')).map((i) => [i.intake.id, i.delivery.system])).toEqual([[accepted.id, 'SOCIAL_ASSISTANCE']]);
  const supervised = await listFor('supervision');
  expect(supervised.map((i) => i.intake.id)).toEqual([accepted.id]);
  expect(supervised[0].intake.change.resident.idNumber).toBe(`${PERSON.idNumber.slice(0, 6)}********${PERSON.idNumber.slice(-4)}`);
  expect(await listFor('hrss')).toEqual([]);
  expect(await listFor('health')).toEqual([]);
  expect(await listFor('other-community')).toEqual([]);

  await stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });
  const retried = await stack.query(
    'mutation($id: ID!, $system: SystemName!) { retryDelivery(intakeId: $id, system: $system) { id } }',
    { id: item.intake.id, system: item.delivery.system },
    tokens['civil-affairs'],
  );
  expect(retried.errors).toBeUndefined();
  const done = await waitForIntake(stack, accepted.id, (i) => i.status === 'COMPLETE');
  expect(statusBySystem(done).SOCIAL_ASSISTANCE).toBe('DELIVERED');
  for (const who of ['civil-affairs', 'community', 'supervision']) expect(await listFor(who)).toEqual([]);
  expect(await failedCounter()).toBe(1);
}, 60_000);

it('lists a delivery still PENDING after DELIVERY_OVERDUE_MS as OVERDUE, for the community and supervision, not for another community', async () => {
  const person = consistentResidents().find((r) => r.community === PERSON.community && r.idNumber !== PERSON.idNumber && !r.health.deceased)!;
  // No health worker runs now: the health platform's delivery stays PENDING however long it waits.
  await stack.subgraphs.health.close();
  const accepted = (await report(stack, deathOf(person))).data!.reportPopulationChange;
  expect(accepted.deliveries.find((d) => d.system === 'HEALTH_PLATFORM')?.status).toBe('PENDING');

  await new Promise((resolve) => setTimeout(resolve, OVERDUE_MS + 200));
  const overdue = (await listFor('community')).filter((i) => i.intake.id === accepted.id);
  expect(overdue.map((i) => [i.reason, i.delivery.system, i.delivery.status])).toEqual([['OVERDUE', 'HEALTH_PLATFORM', 'PENDING']]);
  expect(Date.parse(overdue[0].since)).toBeLessThanOrEqual(Date.now() - OVERDUE_MS);
  expect((await listFor('supervision')).map((i) => i.intake.id)).toContain(accepted.id);
  expect(await listFor('other-community')).toEqual([]);
  expect(await listFor('civil-affairs')).toEqual([]);
}, 60_000);
