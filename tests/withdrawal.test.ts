/**
 * A wrong report is withdrawn and reported again, over real HTTP through the gateway. Withdrawn
 * before delivery (its systems down), nothing is ever written, even once the systems are back;
 * withdrawn after delivery, the writes stay and each owning department sees its own in
 * deliveriesNeedingAttention (WITHDRAWN_AFTER_DELIVERY) until it acknowledges reversing it; the
 * person can then be reported again, and the registry holds one death. A QR credential, a worker
 * of another community and a withdrawal without a reason are refused.
 */
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { SYSTEM_NAMES as WRITE_THROUGH_SYSTEMS, SYSTEMS, type SystemName } from '../domain/systems';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, report, waitForIntake } from './support/reports';
import { writeCounts, writesSince } from './support/writes';

const COMMUNITY = '510114001001';
const WITHDRAWN_FIELDS = 'id status withdrawal { reason by at awaitingReversal } deliveries { system status } forms { type withdrawn }';
const LIST = '{ deliveriesNeedingAttention { reason since intake { id } delivery { system status } } }';
const [beforeDelivery, afterDelivery] = consistentResidents().filter((r) => r.community === COMMUNITY && r.registry.status === 'RESIDENT' && !r.health.deceased && r.socialAssistance.subsistenceAllowance);
const otherCommunity = consistentResidents().find((r) => r.community !== COMMUNITY)!.community;

interface Withdrawn {
  id: string;
  status: string;
  withdrawal: { reason: string; by: string; at: string; awaitingReversal: SystemName[] } | null;
  deliveries: { system: SystemName; status: string }[];
  forms: { type: string; withdrawn: boolean }[];
}
interface Listed {
  reason: string;
  since: string;
  intake: { id: string };
  delivery: { system: SystemName; status: string };
}

let stack: Stack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ subgraphEnv: { INTAKE_WAIT_MS: '500' } });
  for (const role of ['civil-affairs', 'hrss', 'health'] as const) tokens[role] = await stack.token(role);
  tokens.community = await stack.token('community', COMMUNITY);
  tokens.other = await stack.token('community', otherCommunity);
  tokens.qr = (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, COMMUNITY)).token;
}, 60_000);
afterAll(() => stack?.close());

const withdraw = (id: string, reason: string, token = tokens.community) =>
  stack.query<{ withdrawPopulationChange: Withdrawn }>(`mutation($id: ID!, $reason: String!) { withdrawPopulationChange(intakeId: $id, reason: $reason) { ${WITHDRAWN_FIELDS} } }`, { id, reason }, token);
const acknowledge = (id: string, system: SystemName, token: string) =>
  stack.query<{ acknowledgeWithdrawal: Withdrawn }>(`mutation($id: ID!) { acknowledgeWithdrawal(intakeId: $id, system: ${system}) { ${WITHDRAWN_FIELDS} } }`, { id }, token);
async function listFor(token: string, intakeId: string): Promise<Listed[]> {
  const reply = await stack.query<{ deliveriesNeedingAttention: Listed[] }>(LIST, undefined, token);
  expect(reply.errors).toBeUndefined();
  return reply.data!.deliveriesNeedingAttention.filter((i) => i.intake.id === intakeId);
}
const registryDeaths = (idNumber: string) =>
  (stack.systems.COMMUNITY_REGISTRY.ctx.db.prepare("SELECT COUNT(*) AS n FROM changes WHERE id_number = ? AND kind = 'DEATH'").get(idNumber) as { n: number }).n;
const departmentToken = (system: SystemName) => tokens[SYSTEMS[system].department];

it('withdrawn before delivery: nothing is ever written, even once the systems are back; then the person is reported again, once', async () => {
  const before = writeCounts(stack);
  // The registry answers the report's checks (reads) but takes no write; the others are down.
  for (const system of WRITE_THROUGH_SYSTEMS) await stack.fault(system, system === 'COMMUNITY_REGISTRY' ? { mode: 'down', path: '/registry/changes' } : { mode: 'down' });
  const first = await report(stack, deathOf(beforeDelivery));
  expect(first.errors).toBeUndefined();
  const id = first.data!.reportPopulationChange.id;

  const reply = await withdraw(id, '报错了人');
  expect(reply.errors).toBeUndefined();
  const withdrawn = reply.data!.withdrawPopulationChange;
  expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: '报错了人', by: 'dev-community', awaitingReversal: [] } });
  expect(withdrawn.deliveries.map((d) => d.status)).toEqual(WRITE_THROUGH_SYSTEMS.map(() => 'WITHDRAWN'));
  // Again (a double tap): the same answer, the first withdrawal's record.
  expect((await withdraw(id, 'another reason')).data!.withdrawPopulationChange.withdrawal).toEqual(withdrawn.withdrawal);

  for (const system of WRITE_THROUGH_SYSTEMS) await stack.fault(system, { mode: 'none' });
  // Well past the retry back-off (500 ms at most in the test stack): a delivery still due would be written by now.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(Object.values(writesSince(stack, before))).toEqual(WRITE_THROUGH_SYSTEMS.map(() => 0));
  expect((await withdraw(id, 'look')).data!.withdrawPopulationChange.deliveries.map((d) => d.status)).toEqual(WRITE_THROUGH_SYSTEMS.map(() => 'WITHDRAWN'));
  expect(registryDeaths(beforeDelivery.idNumber)).toBe(0);

  // The correction: the person reported again is accepted and written once.
  const again = await report(stack, deathOf(beforeDelivery));
  expect(again.errors).toBeUndefined();
  const done = await waitForIntake(stack, again.data!.reportPopulationChange.id, (i) => i.status === 'COMPLETE');
  expect(done.status).toBe('COMPLETE');
  expect(registryDeaths(beforeDelivery.idNumber)).toBe(1);
  // A third report is refused again, naming the standing one (not the withdrawn one).
  const third = await report(stack, deathOf(beforeDelivery));
  expect(third.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ rule: 'alreadyReported', message: expect.stringContaining('withdraw the earlier report (withdrawPopulationChange) and report again') })]);
}, 90_000);

it('withdrawn after delivery: the writes stay and each owning department sees its own until it acknowledges reversing it', async () => {
  const accepted = await report(stack, deathOf(afterDelivery));
  expect(accepted.errors).toBeUndefined();
  const id = accepted.data!.reportPopulationChange.id;
  const complete = await waitForIntake(stack, id, (i) => i.status === 'COMPLETE');
  const delivered = complete.deliveries.filter((d) => d.status === 'DELIVERED').map((d) => d.system as SystemName);
  expect(delivered).toEqual(expect.arrayContaining(['COMMUNITY_REGISTRY', 'SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM']));
  const before = writeCounts(stack);

  const withdrawn = (await withdraw(id, '死亡日期报错')).data!.withdrawPopulationChange;
  expect(withdrawn.status).toBe('WITHDRAWN');
  expect(withdrawn.withdrawal?.awaitingReversal).toEqual(delivered);
  expect(withdrawn.deliveries).toEqual(complete.deliveries.map((d) => ({ system: d.system, status: d.status })));
  expect(withdrawn.forms.length).toBeGreaterThan(0);
  expect(withdrawn.forms.every((f) => f.withdrawn)).toBe(true);

  for (const system of delivered) {
    const own = await listFor(departmentToken(system), id);
    expect(own.filter((i) => i.delivery.system === system)).toEqual([{ reason: 'WITHDRAWN_AFTER_DELIVERY', since: withdrawn.withdrawal!.at, intake: { id }, delivery: { system, status: 'DELIVERED' } }]);
    // A department lists its own systems only (a community worker: every system of its community's reports).
    if (SYSTEMS[system].department !== 'community') for (const item of own) expect(SYSTEMS[item.delivery.system].department).toBe(SYSTEMS[system].department);
  }
  expect(await listFor(tokens.other, id)).toEqual([]);
  // Another department's system is not theirs to acknowledge.
  expect((await acknowledge(id, 'HEALTH_PLATFORM', tokens['civil-affairs'])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await acknowledge(id, 'HEALTH_PLATFORM', tokens.other)).errors?.[0].extensions?.code).toBe('NOT_FOUND');

  for (const [i, system] of delivered.entries()) {
    const reply = await acknowledge(id, system, departmentToken(system));
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.acknowledgeWithdrawal.withdrawal?.awaitingReversal).toEqual(delivered.slice(i + 1));
    expect((await listFor(departmentToken(system), id)).filter((item) => item.delivery.system === system)).toEqual([]);
  }
  // Acknowledging again changes nothing; the system holds its write (the clerk reverses it there).
  expect((await acknowledge(id, 'HEALTH_PLATFORM', tokens.health)).data!.acknowledgeWithdrawal.withdrawal?.awaitingReversal).toEqual([]);
  expect(Object.values(writesSince(stack, before))).toEqual(WRITE_THROUGH_SYSTEMS.map(() => 0));
  // A delivery that was never written has no withdrawal to acknowledge.
  const neverWritten = complete.deliveries.find((d) => d.status === 'NOT_APPLICABLE');
  if (neverWritten) {
    const refused = await acknowledge(id, neverWritten.system as SystemName, departmentToken(neverWritten.system as SystemName));
    expect(refused.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['system'], rule: 'notWithdrawnAfterDelivery' })]);
  }
}, 90_000);

it('refuses a QR credential, a worker of another community and a withdrawal without a reason', async () => {
  const [person] = consistentResidents().filter((r) => r.community === COMMUNITY && r.registry.status === 'RESIDENT' && r.idNumber !== beforeDelivery.idNumber && r.idNumber !== afterDelivery.idNumber);
  const accepted = await report(stack, deathOf(person));
  const id = accepted.data!.reportPopulationChange.id;
  expect((await withdraw(id, 'wrong', tokens.qr)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect((await withdraw(id, 'wrong', tokens.other)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const blank = await withdraw(id, '   ');
  expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['reason'], rule: 'required' })] });
  const long = await withdraw(id, 'x'.repeat(201));
  expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['reason'], rule: 'maxLength' })] });
  expect((await stack.query<{ intake: { status: string } }>('query($id: ID!) { intake(id: $id) { status withdrawal { at } } }', { id }, tokens.community)).data!.intake).toEqual({ status: expect.not.stringMatching('WITHDRAWN'), withdrawal: null });
}, 60_000);
