/**
 * The rules table against live data: for residents with varied enrolments, each department's
 * view of the graph (read through the gateway with that department's own token, before the
 * report) says what the person holds; the rules table (domain/rules.ts) turns that into the
 * forms a death or a move requires; the report, sent through the gateway, must produce exactly
 * those forms, for each system. Together the residents cover at least ten of the eleven forms.
 */
import { FORM_TYPES, type FormType } from '../domain/forms';
import { planDelivery, type ChangeKind, type Enrolment } from '../domain/rules';
import { SYSTEM_NAMES } from '../domain/systems';
import { consistentResidents, population, type SeedResident } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, moveOf, report, waitForIntake, type IntakeResult } from './support/reports';

type Held = { status: string } | null;
interface DepartmentViews {
  civilAffairs: { subsistenceAllowance: Held; specialHardship: Held; elderlySubsidy: Held; disabilitySubsidy: Held };
  hrss: { pension: (Held & { kind: string }) | null; insured: boolean };
  health: { vitalStatus: { deceased: boolean } | null; familyPlanningAssistance: Held };
  community: { registryStatus: string | null; address: string | null };
}

/** A benefit the person still holds (paying, or suspended and able to resume): one a departure must end. */
const open = (b: Held) => b !== null && b.status !== 'STOPPED';

/** What each department's view says the person holds, in the rules table's terms. */
function enrolmentsOf(views: DepartmentViews): Set<Enrolment> {
  const { civilAffairs: ca, hrss, health, community } = views;
  const out = new Set<Enrolment>();
  if (open(ca.subsistenceAllowance)) out.add('SUBSISTENCE_ALLOWANCE');
  if (open(ca.specialHardship)) out.add('SPECIAL_HARDSHIP');
  if (open(ca.elderlySubsidy)) out.add('ELDERLY_SUBSIDY');
  if (open(ca.disabilitySubsidy)) out.add('DISABILITY_SUBSIDY');
  if (open(hrss.pension)) out.add(hrss.pension!.kind === 'EMPLOYEE_RETIREMENT' ? 'EMPLOYEE_PENSION' : 'RESIDENT_PENSION');
  if (hrss.insured) out.add('INSURED');
  if (health.vitalStatus !== null) out.add('HEALTH_RECORD');
  if (open(health.familyPlanningAssistance)) out.add('FAMILY_PLANNING_ASSISTANCE');
  if (community.registryStatus === 'RESIDENT') out.add('REGISTERED_RESIDENT');
  if (community.address !== null) out.add('DWELLING_OCCUPANT');
  return out;
}

/** The forms the rules table requires, system by system. */
const requiredForms = (kind: ChangeKind, enrolments: Set<Enrolment>): FormType[] => SYSTEM_NAMES.flatMap((system) => planDelivery(kind, system, enrolments).forms).sort();

describe('the forms a change produces follow the enrolments each department reads in the graph', () => {
  let stack: Stack;
  const everyone = consistentResidents();
  const planted = population().residents.filter((r) => r.registry.status === 'RESIDENT' && population().disagreements.some((d) => d.idNumber === r.idNumber));
  const taken = new Set<string>();
  /** A distinct resident matching the filter (the seed is fixed, so the same one on every run). */
  const pick = (what: string, filter: (r: SeedResident) => unknown, among: readonly SeedResident[] = everyone): SeedResident => {
    const found = among.find((r) => !taken.has(r.idNumber) && filter(r));
    if (!found) throw new Error(`the seed has no resident who ${what}`);
    taken.add(found.idNumber);
    return found;
  };
  const sa = (r: SeedResident) => r.socialAssistance;
  const eds = (r: SeedResident) => r.elderlyDisability;
  const pensionKind = (r: SeedResident) => r.socialInsurance.pension?.kind;
  const cases: Array<[string, ChangeKind, SeedResident]> = [
    ['dies with a subsistence allowance, an elderly subsidy and an employee pension', 'DEATH', pick('draws those', (r) => sa(r).subsistenceAllowance && eds(r).elderlySubsidy && pensionKind(r) === 'EMPLOYEE_RETIREMENT')],
    ['dies with special-hardship support and a resident pension', 'DEATH', pick('draws those', (r) => sa(r).specialHardship && pensionKind(r) === 'URBAN_RURAL_RESIDENT')],
    ['dies with family-planning special assistance', 'DEATH', pick('draws it', (r) => r.health.familyPlanningAssistance)],
    ['dies insured, drawing no pension', 'DEATH', pick('is insured without a pension', (r) => r.socialInsurance.insured && !r.socialInsurance.pension)],
    ['moves with a disability subsidy and a resident pension', 'MOVED_OUT', pick('draws those', (r) => eds(r).disabilitySubsidy && pensionKind(r) === 'URBAN_RURAL_RESIDENT')],
    ['moves with a subsistence allowance and an employee pension (which follows the person)', 'MOVED_OUT', pick('draws those', (r) => sa(r).subsistenceAllowance && pensionKind(r) === 'EMPLOYEE_RETIREMENT')],
    ['moves with family-planning special assistance (a move ends nothing on the health platform)', 'MOVED_OUT', pick('draws it', (r) => r.health.familyPlanningAssistance)],
    ['moves with an elderly subsidy and special-hardship support', 'MOVED_OUT', pick('draws those', (r) => eds(r).elderlySubsidy && sa(r).specialHardship)],
    // Live data as it is: the health platform registered the death, the allowance is still paid (a seeded disagreement).
    ['died by the health platform\'s record and is still paid a subsistence allowance', 'DEATH', pick('is such a case', (r) => r.health.deceased && sa(r).subsistenceAllowance?.status === 'ACTIVE', planted)],
  ];
  const produced = new Set<FormType>();

  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  /** The resident as one department's role reads it, through the gateway. */
  async function read<T>(fields: string, token: string, id: string): Promise<T> {
    const res = await stack.query<{ resident: T }>(`query($id: ID!) { resident(idNumber: $id) { ${fields} } }`, { id }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.resident;
  }

  async function departmentViews(r: SeedResident): Promise<DepartmentViews> {
    const [civilAffairs, hrss, health, community] = await Promise.all([
      read<DepartmentViews['civilAffairs']>('subsistenceAllowance { status } specialHardship { status } elderlySubsidy { status } disabilitySubsidy { status }', await stack.token('civil-affairs'), r.idNumber),
      read<DepartmentViews['hrss']>('pension { kind status } insured', await stack.token('hrss'), r.idNumber),
      read<DepartmentViews['health']>('vitalStatus { deceased } familyPlanningAssistance { status }', await stack.token('health'), r.idNumber),
      read<DepartmentViews['community']>('registryStatus address', await stack.token('community', r.community), r.idNumber),
    ]);
    return { civilAffairs, hrss, health, community };
  }

  it.each(cases)('a resident who %s gets exactly the forms the rules table names for what the graph shows', async (_what, kind, resident) => {
    const enrolments = enrolmentsOf(await departmentViews(resident));
    const res = await report(stack, kind === 'DEATH' ? deathOf(resident) : moveOf(resident));
    expect(res.errors).toBeUndefined();
    const done: IntakeResult = await waitForIntake(stack, res.data!.reportPopulationChange.id, (i) => i.status !== 'IN_PROGRESS', 30_000);
    expect(done.status).toBe('COMPLETE');
    const forms = done.forms.map((f) => f.type as FormType).sort();
    expect({ enrolments: [...enrolments].sort(), forms }).toEqual({ enrolments: [...enrolments].sort(), forms: requiredForms(kind, enrolments) });
    // Each form comes from the department the table names; a system with no form has nothing to write.
    for (const system of SYSTEM_NAMES) {
      const planned = planDelivery(kind, system, enrolments);
      const delivery = done.deliveries.find((d) => d.system === system)!;
      expect([system, delivery.status]).toEqual([system, planned.rules.length > 0 ? 'DELIVERED' : 'NOT_APPLICABLE']);
    }
    for (const f of forms) produced.add(f);
  });

  it('the residents together cover at least ten of the eleven forms', () => {
    expect(FORM_TYPES.filter((f) => produced.has(f)).length).toBeGreaterThanOrEqual(10);
  });
});
