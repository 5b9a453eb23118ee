/**
 * Accountable reports, from outside through the gateway: a report made with a printed QR
 * credential names nobody, so it writes to no department system until a signed-in worker of the
 * same community confirms it; then each delivery is written once. Neither a worker of another
 * community nor the QR credential itself can confirm it, and a rejected report never writes.
 */
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { SYSTEM_NAMES } from '../domain/systems';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, waitForIntake } from './support/reports';
import { writeCounts, writesSince } from './support/writes';

const COMMUNITY = '510114001001';
const HELD_FIELDS = 'id status reportedBy review { state by at reason } deliveries { system status attempts } forms { type }';

describe('reports made with a QR credential await a signed-in worker', () => {
  let stack: Stack;
  let qr: string;
  let worker: string;
  let otherWorker: string;
  const [first, second] = consistentResidents().filter((r) => r.community === COMMUNITY && r.registry.status === 'RESIDENT');
  const otherCommunity = consistentResidents().find((r) => r.community !== COMMUNITY)!.community;

  beforeAll(async () => {
    stack = await startStack();
    qr = (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, COMMUNITY)).token;
    worker = await stack.token('community', COMMUNITY);
    otherWorker = await stack.token('community', otherCommunity);
  }, 60_000);
  afterAll(() => stack?.close());

  const allStats = () => Promise.all(SYSTEM_NAMES.map((s) => stack.stats(s).then((st) => [s, st.byKind] as const)));
  const reportWithQr = async (person: typeof first) => {
    const res = await stack.query<{ reportPopulationChange: { id: string; status: string; deliveries: unknown[] } }>(
      `mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id status deliveries { system } } }`,
      { input: deathOf(person) },
      qr,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.reportPopulationChange;
  };
  const confirm = (id: string, token: string) => stack.query<{ confirmPopulationChange: { status: string } }>(`mutation($id: ID!) { confirmPopulationChange(intakeId: $id) { ${HELD_FIELDS} } }`, { id }, token);
  const unconfirmed = async (token: string) => {
    const res = await stack.query<{ unconfirmedReports: { id: string }[] }>(`{ unconfirmedReports { ${HELD_FIELDS} change { name resident { idNumber } } } }`, undefined, token);
    expect(res.errors).toBeUndefined();
    return res.data!.unconfirmedReports;
  };

  it('writes to no system until a worker of its community confirms it, then delivers each system once', async () => {
    const intake = await reportWithQr(first);
    expect(intake).toMatchObject({ status: 'AWAITING_CONFIRMATION', deliveries: [] });
    const writesBefore = writeCounts(stack);
    const statsBefore = await allStats();
    // The delivery workers poll every few hundred ms: give them several rounds in which to (wrongly) write.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(writesSince(stack, writesBefore)).toEqual(Object.fromEntries(SYSTEM_NAMES.map((s) => [s, 0])));
    expect(await allStats()).toEqual(statsBefore);

    // The community's workers see it waiting, with what was reported; another community's do not.
    expect((await unconfirmed(worker)).map((i) => i.id)).toContain(intake.id);
    expect((await unconfirmed(otherWorker)).map((i) => i.id)).not.toContain(intake.id);
    const listed = (await stack.query<{ populationChanges: { intakeId: string }[] }>('{ populationChanges(period: { preset: THIS_MONTH }) { intakeId } }', undefined, worker)).data!.populationChanges;
    expect(listed.map((c) => c.intakeId)).not.toContain(intake.id);

    // Refused: a worker of another community, and the QR credential itself.
    const byOther = await confirm(intake.id, otherWorker);
    expect(byOther.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const byQr = await confirm(intake.id, qr);
    expect(byQr.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(writesSince(stack, writesBefore)).toEqual(Object.fromEntries(SYSTEM_NAMES.map((s) => [s, 0])));

    const confirmed = await confirm(intake.id, worker);
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmPopulationChange).toMatchObject({ review: { state: 'CONFIRMED', by: 'dev-community', at: expect.any(String), reason: null }, reportedBy: expect.stringMatching(/^qr:510114001001:/) });
    const done = await waitForIntake(stack, intake.id, (i) => i.status === 'COMPLETE');
    expect(done.status).toBe('COMPLETE');
    const delivered = Object.fromEntries(SYSTEM_NAMES.map((s) => [s, done.deliveries.find((d) => d.system === s)!.status === 'DELIVERED' ? 1 : 0]));
    expect(delivered.COMMUNITY_REGISTRY).toBe(1);
    expect(writesSince(stack, writesBefore)).toEqual(delivered);

    // Confirming again (a double tap) answers the same and writes nothing more.
    const again = await confirm(intake.id, worker);
    expect(again.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(writesSince(stack, writesBefore)).toEqual(delivered);
    expect((await unconfirmed(worker)).map((i) => i.id)).not.toContain(intake.id);

    // The audit names who reported (the credential) and who confirmed (the worker).
    const audit = await stack.query<{ auditLog: { subject: string; action: string; purpose: string }[] }>(
      'query($id: ID!) { auditLog(residentIdNumber: $id) { subject action purpose } }',
      { id: first.idNumber },
      await stack.token('supervision'),
      { purpose: 'discipline inspection' },
    );
    expect(audit.errors).toBeUndefined();
    const records = audit.data!.auditLog;
    expect(records).toContainEqual(expect.objectContaining({ action: 'INTAKE', subject: expect.stringMatching(/^qr:510114001001:/) }));
    expect(records).toContainEqual(expect.objectContaining({ action: 'INTAKE', subject: 'dev-community', purpose: expect.stringMatching(new RegExp(`^confirmation of QR report ${intake.id} \\(reported by qr:`)) }));
  }, 90_000);

  it('a rejected report writes nothing and cannot be confirmed afterwards', async () => {
    const intake = await reportWithQr(second);
    const writesBefore = writeCounts(stack);
    const byQr = await stack.query('mutation($id: ID!) { rejectPopulationChange(intakeId: $id, reason: "bogus") { id } }', { id: intake.id }, qr);
    expect(byQr.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badReason = await stack.query('mutation($id: ID!) { rejectPopulationChange(intakeId: $id, reason: "  ") { id } }', { id: intake.id }, worker);
    expect(badReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['reason'], rule: 'required' })] });
    const rejected = await stack.query<{ rejectPopulationChange: { status: string; review: unknown } }>(
      `mutation($id: ID!) { rejectPopulationChange(intakeId: $id, reason: "家属说明此人仍健在") { ${HELD_FIELDS} } }`,
      { id: intake.id },
      worker,
    );
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data!.rejectPopulationChange).toMatchObject({ status: 'REJECTED', review: { state: 'REJECTED', by: 'dev-community', reason: '家属说明此人仍健在' }, deliveries: [] });
    const late = await confirm(intake.id, worker);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ rule: 'notAwaitingConfirmation' })] });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(writesSince(stack, writesBefore)).toEqual(Object.fromEntries(SYSTEM_NAMES.map((s) => [s, 0])));
  }, 60_000);
});
