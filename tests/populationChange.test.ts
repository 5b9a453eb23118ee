/**
 * The single input end to end: one report through the gateway is validated, stored, written
 * through to every system that needs it exactly once (checked in the stand-ins' own stores),
 * and produces exactly the forms the rules table names; replays and conflicts by key.
 */
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, formTypes, moveOf, readIntake, report, statusBySystem } from './support/reports';
import { writeCounts, writesSince } from './support/writes';

describe('reportPopulationChange: write-through and forms', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  it('a death of a resident enrolled in several systems writes each once and produces the forms the rules name', async () => {
    const person = consistentResidents().find(
      (r) => r.socialAssistance.subsistenceAllowance && r.elderlyDisability.elderlySubsidy && !r.elderlyDisability.disabilitySubsidy && r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT' && !r.health.familyPlanningAssistance,
    )!;
    const before = writeCounts(stack);
    const res = await report(stack, deathOf(person));
    expect(res.errors).toBeUndefined();
    const intake = res.data!.reportPopulationChange;
    expect(intake.status).toBe('COMPLETE');
    expect(statusBySystem(intake)).toEqual({
      COMMUNITY_REGISTRY: 'DELIVERED',
      SOCIAL_ASSISTANCE: 'DELIVERED',
      ELDERLY_DISABILITY_SUBSIDY: 'DELIVERED',
      SOCIAL_INSURANCE: 'DELIVERED',
      HEALTH_PLATFORM: 'DELIVERED',
    });
    expect(formTypes(intake)).toEqual(
      [
        'POPULATION_CHANGE_REGISTER',
        'HOUSING_OCCUPANCY_UPDATE',
        'SUBSISTENCE_ALLOWANCE_CANCELLATION',
        'ELDERLY_SUBSIDY_REDUCTION',
        'RETIREMENT_BENEFIT_CANCELLATION',
        'FUNERAL_GRANT_CLAIM',
        'DEATH_REGISTRATION_REPORT',
      ].sort(),
    );
    // Registry: the change; social assistance: one termination; subsidies: one stop;
    // social insurance: pension stop + funeral claim; health: the Patient's death.
    expect(writesSince(stack, before)).toEqual({ COMMUNITY_REGISTRY: 1, SOCIAL_ASSISTANCE: 1, ELDERLY_DISABILITY_SUBSIDY: 1, SOCIAL_INSURANCE: 2, HEALTH_PLATFORM: 1 });
    // The amount is not the reporting worker's to read: their copy leaves it out, supervision's has it.
    const cancellation = (await readIntake(stack, intake.id)).forms.find((f) => f.type === 'SUBSISTENCE_ALLOWANCE_CANCELLATION')!;
    expect(cancellation.department).toBe('civil-affairs');
    expect(cancellation.fields).toContainEqual({ name: 'monthlyAmount', value: String(person.socialAssistance.subsistenceAllowance!.monthlyAmount) });
    expect(intake.forms.find((f) => f.type === 'SUBSISTENCE_ALLOWANCE_CANCELLATION')!.fields.map((f) => f.name)).not.toContain('monthlyAmount');
    // The register carries the reported change beside the registry's own record of the person.
    const register = intake.forms.find((f) => f.type === 'POPULATION_CHANGE_REGISTER')!;
    expect(register.fields).toEqual(
      expect.arrayContaining([
        { name: 'address', value: person.address },
        { name: 'changeKind', value: 'DEATH' },
        { name: 'deathPlace', value: '新都区人民医院' },
        { name: 'deathCertificateNumber', value: 'D2026-0001' },
      ]),
    );
    expect(register.fields.map((f) => f.name)).toContain('registryChangeId');

    // Reading the resident afterwards shows the new state everywhere (no stale cache); each
    // department reads its own benefits (and everyone the vital status).
    type Read = { resident: Record<string, { status?: string; deceased?: boolean } | null> };
    const civilAffairs = await stack.query<Read>(
      `query($id: ID!) { resident(idNumber: $id) { registryStatus subsistenceAllowance { status } elderlySubsidy { status } vitalStatus { deceased } } }`,
      { id: person.idNumber },
      await stack.token('civil-affairs'),
    );
    const hrss = await stack.query<Read>(`query($id: ID!) { resident(idNumber: $id) { pension { status } } }`, { id: person.idNumber }, await stack.token('hrss'));
    expect({ ...civilAffairs.data!.resident, ...hrss.data!.resident }).toEqual({
      registryStatus: 'DECEASED',
      subsistenceAllowance: { status: 'STOPPED' },
      elderlySubsidy: { status: 'STOPPED' },
      pension: { status: 'STOPPED' },
      vitalStatus: { deceased: true },
    });
  });

  it('a move writes only where a move stops something, NOT_APPLICABLE elsewhere', async () => {
    const person = consistentResidents().find(
      (r) => !r.socialAssistance.subsistenceAllowance && !r.socialAssistance.specialHardship && r.elderlyDisability.elderlySubsidy && !r.elderlyDisability.disabilitySubsidy && r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT',
    )!;
    const before = writeCounts(stack);
    const intake = (await report(stack, moveOf(person))).data!.reportPopulationChange;
    expect(statusBySystem(intake)).toEqual({
      COMMUNITY_REGISTRY: 'DELIVERED',
      SOCIAL_ASSISTANCE: 'NOT_APPLICABLE',
      ELDERLY_DISABILITY_SUBSIDY: 'DELIVERED',
      SOCIAL_INSURANCE: 'NOT_APPLICABLE', // the employee pension follows the person
      HEALTH_PLATFORM: 'NOT_APPLICABLE',
    });
    expect(formTypes(intake)).toEqual(['ELDERLY_SUBSIDY_REDUCTION', 'HOUSING_OCCUPANCY_UPDATE', 'POPULATION_CHANGE_REGISTER']);
    expect(writesSince(stack, before)).toEqual({ COMMUNITY_REGISTRY: 1, SOCIAL_ASSISTANCE: 0, ELDERLY_DISABILITY_SUBSIDY: 1, SOCIAL_INSURANCE: 0, HEALTH_PLATFORM: 0 });
  });

  it('the same input twice with one key: one intake, one write per system', async () => {
    const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.community === '510114001001')!;
    const input = deathOf(person);
    const before = writeCounts(stack);
    const first = (await report(stack, input)).data!.reportPopulationChange;
    const second = await report(stack, input);
    expect(second.errors).toBeUndefined();
    expect(second.data!.reportPopulationChange.id).toBe(first.id);
    const writes = writesSince(stack, before);
    expect(writes.SOCIAL_ASSISTANCE).toBe(1);
    expect(writes.COMMUNITY_REGISTRY).toBe(1);
  });

  it('twenty concurrent sends with one key create one intake', async () => {
    const person = consistentResidents().filter((r) => r.community === '510114002001')[5];
    const input = deathOf(person);
    const before = writeCounts(stack);
    const answers = await Promise.all(Array.from({ length: 20 }, () => report(stack, input)));
    const ids = new Set(answers.map((a) => a.data?.reportPopulationChange.id));
    expect(answers.every((a) => !a.errors)).toBe(true);
    expect(ids.size).toBe(1);
    const intake = await readIntake(stack, [...ids][0]!);
    expect(intake.deliveries).toHaveLength(5);
    expect(writesSince(stack, before).COMMUNITY_REGISTRY).toBe(1);
  });

  it('the same key with another input is IDEMPOTENCY_CONFLICT and changes nothing', async () => {
    const people = consistentResidents().filter((r) => r.community === '510114003001');
    const input = deathOf(people[3]);
    await report(stack, input);
    const before = writeCounts(stack);
    const res = await report(stack, { ...deathOf(people[4]), idempotencyKey: input.idempotencyKey });
    expect(res.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(res.data ?? null).toBeNull();
    expect(writesSince(stack, before)).toEqual({ COMMUNITY_REGISTRY: 0, SOCIAL_ASSISTANCE: 0, ELDERLY_DISABILITY_SUBSIDY: 0, SOCIAL_INSURANCE: 0, HEALTH_PLATFORM: 0 });
  });
});
