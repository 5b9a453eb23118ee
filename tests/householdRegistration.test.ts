/**
 * The sixth system through the gateway over real HTTP: household registration read with every
 * request signed for the exchange (the stand-in refuses anything else), batched for a list, its
 * outage giving partial data naming it, and a community's death report showing whether
 * household registration already agrees.
 */
import { maskIdNumber } from '../domain/idNumber';
import { plantedCancellations } from '../systems/household-registration/store';
import { consistentResidents, population } from '../systems/seed/population';
import { deathOf } from './support/reports';
import { RECONCILIATION_SYSTEM_TIMEOUT_MS, startStack, type Stack } from './support/stack';

interface Registration {
  status: string;
  cancelledOn: string | null;
  reason: string | null;
}

describe('household registration through the gateway', () => {
  let stack: Stack;
  const residents = population().residents;
  const dead = residents.find((r) => r.registry.status === 'DECEASED')!;
  const alive = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance)!;
  const stats = async () => (await stack.stats('HOUSEHOLD_REGISTRATION')).byKind;

  beforeAll(async () => {
    // Reconciliation reads every system in batches; the SOAP subsidy system one record per call,
    // which on a loaded CI machine takes longer than the default per-call budget.
    stack = await startStack({ systemTimeoutMs: RECONCILIATION_SYSTEM_TIMEOUT_MS });
  }, 90_000);
  afterAll(() => stack?.close());

  it('reads a cancelled and a standing registration, every request signed and accepted by the exchange', async () => {
    const before = await stats();
    const res = await stack.query<{ a: { householdRegistration: Registration }; b: { householdRegistration: Registration } }>(
      'query ($a: ID!, $b: ID!) { a: resident(idNumber: $a) { householdRegistration { status cancelledOn reason } } b: resident(idNumber: $b) { householdRegistration { status cancelledOn reason } } }',
      { a: dead.idNumber, b: alive.idNumber },
      await stack.token('civil-affairs'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.householdRegistration).toEqual({ status: 'CANCELLED_DEATH', cancelledOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), reason: '死亡注销' });
    expect(res.data!.a.householdRegistration.cancelledOn! > dead.registry.statusSince!).toBe(true);
    expect(res.data!.b.householdRegistration).toEqual({ status: 'REGISTERED', cancelledOn: null, reason: null });
    const after = await stats();
    // Served by signed batch queries; none refused for its signature, timestamp or nonce.
    expect(after['batch-query'] - (before['batch-query'] ?? 0)).toBeGreaterThan(0);
    expect(Object.keys(after).filter((k) => k.startsWith('refused-'))).toEqual([]);
  });

  it('records every read of a registration in the audit log, with the purpose, as personal data', async () => {
    const read = await stack.query('query ($id: ID!) { resident(idNumber: $id) { householdRegistration { status } } }', { id: alive.idNumber }, await stack.token('health'), { purpose: 'death registration check' });
    expect(read.errors).toBeUndefined();
    const log = await stack.query<{ auditLog: Array<{ action: string; role: string; purpose: string; fields: string[] }> }>(
      'query ($id: ID!) { auditLog(residentIdNumber: $id) { action role purpose fields } }',
      { id: alive.idNumber },
    );
    expect(log.errors).toBeUndefined();
    expect(log.data!.auditLog).toContainEqual({ action: 'READ', role: 'health', purpose: 'death registration check', fields: ['householdRegistration'] });
    const refused = await stack.query('query ($id: ID!) { resident(idNumber: $id) { householdRegistration { status } } }', { id: alive.idNumber }, await stack.token('health'), { purpose: null });
    // Refused by the field permissions (FORBIDDEN) or, behind them, by the audit (PURPOSE_REQUIRED), naming the header.
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/X-Purpose/), extensions: { code: expect.stringMatching(/^(FORBIDDEN|PURPOSE_REQUIRED)$/) } });
  });

  it('reads a page of 100 residents with one batch query, not one per resident', async () => {
    const before = (await stats())['batch-query'] ?? 0;
    const res = await stack.query<{ residents: { nodes: Array<{ idNumber: string; householdRegistration: Registration | null }> } }>(
      '{ residents(first: 100) { nodes { idNumber householdRegistration { status } } } }',
      {},
      await stack.token('hrss'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.residents.nodes).toHaveLength(100);
    expect(res.data!.residents.nodes.every((n) => n.householdRegistration !== null)).toBe(true);
    expect((await stats())['batch-query'] - before).toBe(1);
  });

  it('gives partial data naming the system when the exchange is down', async () => {
    await stack.fault('HOUSEHOLD_REGISTRATION', { mode: 'down' });
    try {
      const res = await stack.query<{ resident: { name: string; subsistenceAllowance: { status: string } | null; householdRegistration: Registration | null } }>(
        'query ($id: ID!) { resident(idNumber: $id) { name subsistenceAllowance { status } householdRegistration { status } } }',
        { id: alive.idNumber },
        await stack.token('civil-affairs'),
      );
      expect(res.status).toBe(200);
      expect(res.data!.resident.name).toBe(alive.name);
      expect(res.data!.resident.subsistenceAllowance).toEqual({ status: 'ACTIVE' });
      expect(res.data!.resident.householdRegistration).toBeNull();
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].path).toEqual(['resident', 'householdRegistration']);
      expect(res.errors![0].extensions).toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'HOUSEHOLD_REGISTRATION' });
      expect(res.errors![0].message).toMatch(/household registration system/);
      expect(res.errors![0].message).not.toContain(alive.idNumber);
    } finally {
      await stack.fault('HOUSEHOLD_REGISTRATION', { mode: 'none' });
    }
  });

  it("shows on a community's death report whether household registration already records the death", async () => {
    // Computed once: inside find's callback it ran once per resident (13,000 times, 7-27 s).
    const plantedId = plantedCancellations(population())[0].idNumber;
    const cancelled = residents.find((r) => r.idNumber === plantedId)!;
    const registered = consistentResidents().find((r) => r.community === cancelled.community && r.idNumber !== alive.idNumber && !r.socialAssistance.subsistenceAllowance)!;
    const token = await stack.token('community', cancelled.community);
    const agreement = `id change { resident { householdRegistration { status cancelledOn recordsDeath: recordsChange(kind: DEATH) recordsMove: recordsChange(kind: MOVED_OUT) } } }`;
    const answers = [];
    for (const person of [cancelled, registered]) {
      const res = await stack.query<{ reportPopulationChange: { change: { resident: { householdRegistration: Record<string, unknown> } } } }>(
        `mutation ($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { ${agreement} } }`,
        { input: deathOf(person) },
        token,
      );
      expect(res.errors).toBeUndefined();
      answers.push(res.data!.reportPopulationChange.change.resident.householdRegistration);
    }
    expect(answers[0]).toEqual({ status: 'CANCELLED_DEATH', cancelledOn: plantedCancellations(population())[0].cancelledOn, recordsDeath: true, recordsMove: false });
    expect(answers[1]).toEqual({ status: 'REGISTERED', cancelledOn: null, recordsDeath: false, recordsMove: false });
  });

  it('lists in reconciliation a resident whose registration was cancelled for death while social assistance still pays', async () => {
    // The second planted death: the first is reported above, which stops its allowance.
    const own = plantedCancellations(population())[1];
    const res = await stack.query<{ benefitAnomalies: Array<{ resident: { idNumber: string }; evidence: { system: string; event: string; date: string }; paidBy: string; benefit: string; monthlyAmount: number }> }>(
      '{ benefitAnomalies { resident { idNumber } evidence { system event date } paidBy benefit monthlyAmount } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.benefitAnomalies).toContainEqual({
      resident: { idNumber: maskIdNumber(own.idNumber) },
      evidence: { system: 'HOUSEHOLD_REGISTRATION', event: 'DEATH', date: own.cancelledOn },
      paidBy: 'SOCIAL_ASSISTANCE',
      benefit: 'SUBSISTENCE_ALLOWANCE',
      monthlyAmount: own.monthlyAmount,
    });
  });
});
