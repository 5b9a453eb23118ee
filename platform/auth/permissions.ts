/**
 * The permission matrix: who may read which field of the graph, as the data-protection rules
 * state it. It is the specification; the SDL in schema/ implements it with @allow, @sensitive
 * and @masked, and three tests hold the three together: the SDL annotations equal this table
 * (tests/permissionsSchema.test.ts), the README shows exactly this table, and every cell is
 * tried through the gateway (tests/permissions.test.ts).
 */
import { CALLER_ROLES, type CallerRole } from './caller';

/**
 * full: read as it is; masked: read masked (ID numbers keep their first 6 and last 4
 * characters); own: read within the caller's own scope only (see the row's note); none: null
 * with a FORBIDDEN error for that field alone.
 */
export type Access = 'full' | 'masked' | 'own' | 'none';

export interface MatrixRow {
  /** `Type.field` as the API names it. */
  field: string;
  /** Personal data: every read needs a declared purpose (X-Purpose) and is audited. */
  sensitive: boolean;
  access: Record<CallerRole, Access>;
  /** What `own` (or `masked`) means for this row. */
  note?: string;
  /** The masking is done by the resolver (parts of a value), not by @masked on the whole value. */
  maskedByResolver?: boolean;
}

const [CA, HR, HE, CO, SU, RE] = CALLER_ROLES;
type Cells = [Access, Access, Access, Access, Access, Access];

function row(field: string, sensitive: boolean, cells: Cells, extra: Pick<MatrixRow, 'note' | 'maskedByResolver'> = {}): MatrixRow {
  const [ca, hr, he, co, su, re] = cells;
  return { field, sensitive, access: { [CA]: ca, [HR]: hr, [HE]: he, [CO]: co, [SU]: su, [RE]: re } as Record<CallerRole, Access>, ...extra };
}

const OWN_RESIDENT = 'community workers: residents registered in their own community';
const CANDIDATES = "reconciliation's batch read of its candidates' payments, by sealed join key";
const BENEFIT = 'civil affairs owns it; reconciliation reads it to find payments after a departure';

export const MATRIX: readonly MatrixRow[] = [
  // Entry points
  row('Query.resident', false, ['full', 'full', 'full', 'own', 'full', 'none'], { note: `${OWN_RESIDENT} (another community's: null + FORBIDDEN)` }),
  row('Query.residents', false, ['full', 'full', 'full', 'own', 'none', 'none'], { note: "community workers: the list holds their own community's residents only (filtered)" }),
  row('Query.communities', false, ['full', 'full', 'full', 'full', 'full', 'none']),
  row('Query.departedResidents', false, ['none', 'none', 'none', 'none', 'none', 'full'], { note: 'evidence for reconciliation' }),
  row('Query.recordedDeaths', false, ['none', 'none', 'full', 'none', 'none', 'full'], { note: 'evidence for reconciliation' }),
  row('Query.cancelledRegistrations', false, ['none', 'none', 'none', 'none', 'none', 'full'], { note: 'evidence for reconciliation' }),
  row('Query.civilAffairsReconciliationCandidates', false, ['none', 'none', 'none', 'none', 'none', 'full'], { note: CANDIDATES }),
  row('Query.hrssReconciliationCandidates', false, ['none', 'none', 'none', 'none', 'none', 'full'], { note: CANDIDATES }),
  row('Query.healthReconciliationCandidates', false, ['none', 'none', 'none', 'none', 'none', 'full'], { note: CANDIDATES }),
  row('Query.intake', false, ['full', 'full', 'full', 'own', 'full', 'none'], { note: "community workers: their own community's reports" }),
  row('Query.populationChanges', false, ['full', 'full', 'full', 'own', 'full', 'none'], { note: "community workers: their own community's changes (filtered)" }),
  row('Query.forms', false, ['own', 'own', 'own', 'own', 'full', 'none'], { note: "departments: their own department's forms; community workers: the community forms of their own community's reports (another community: FORBIDDEN)" }),
  row('Query.formsAcknowledgedUpTo', false, ['own', 'own', 'own', 'own', 'own', 'none'], { note: "a department's own mark; community workers their community's; supervision none of its own (null)" }),
  row('Query.reports', false, ['none', 'none', 'none', 'own', 'full', 'none'], { note: "community workers: their own community's reports, by reference, ID number or name; supervision: all; never a QR credential" }),
  row('Query.unconfirmedReports', false, ['none', 'none', 'none', 'own', 'none', 'none'], { note: "community workers: their own community's reports awaiting confirmation" }),
  row('Query.deliveriesNeedingAttention', false, ['own', 'own', 'own', 'own', 'full', 'none'], { note: "departments: deliveries to their own systems; community workers: their own community's reports; supervision: all" }),
  row('Query.benefitAnomalies', true, ['none', 'none', 'none', 'none', 'full', 'none']),
  row('Query.auditLog', false, ['none', 'none', 'none', 'none', 'full', 'none'], { note: 'who read or reported whose personal data, and why' }),
  row('Query.auditChainValid', false, ['none', 'none', 'none', 'none', 'full', 'none']),
  row('AuditRecord.residentIdNumber', true, ['none', 'none', 'none', 'none', 'masked', 'none'], { note: 'supervision finds a resident by the whole number, and sees it masked' }),
  row('Mutation.reportPopulationChange', false, ['none', 'none', 'none', 'own', 'none', 'none'], { note: 'community workers: for their own community only' }),
  row('Mutation.confirmPopulationChange', false, ['none', 'none', 'none', 'own', 'none', 'none'], { note: "signed-in community workers: their own community's QR reports (never a QR credential)" }),
  row('Mutation.rejectPopulationChange', false, ['none', 'none', 'none', 'own', 'none', 'none'], { note: "signed-in community workers: their own community's QR reports (never a QR credential)" }),
  row('Mutation.withdrawPopulationChange', false, ['none', 'none', 'none', 'own', 'none', 'none'], { note: "signed-in community workers: their own community's reports (never a QR credential)" }),
  row('Mutation.acknowledgeWithdrawal', false, ['own', 'own', 'own', 'own', 'none', 'none'], { note: "departments: withdrawn reports written to their own systems; community workers: their own community's, in the community registry" }),
  row('Mutation.acknowledgeForms', false, ['own', 'own', 'own', 'own', 'none', 'none'], { note: "a department for its own forms; community workers for their own community's; supervision never" }),
  row('Mutation.markFormsHandled', false, ['own', 'own', 'own', 'own', 'none', 'none'], { note: "a department its own forms only (another's: FORBIDDEN); community workers their own community's reports' community forms" }),
  row('Mutation.retryDelivery', false, ['own', 'own', 'own', 'own', 'none', 'none'], { note: "departments: deliveries to their own systems; community workers: their own community's reports" }),
  // The resident: each department its own fields in full, and the vital status of the others
  row('Resident.idNumber', true, ['full', 'full', 'full', 'own', 'masked', 'full'], { note: 'supervision recognises the person, it needs no whole number' }),
  row('Resident.name', true, ['full', 'full', 'full', 'own', 'full', 'none']),
  row('Resident.sex', true, ['none', 'none', 'none', 'own', 'none', 'none'], { note: "the registry's details are the community's" }),
  row('Resident.birthDate', true, ['none', 'none', 'none', 'own', 'none', 'none']),
  row('Resident.address', true, ['none', 'none', 'none', 'own', 'none', 'none']),
  row('Resident.community', true, ['full', 'full', 'full', 'own', 'none', 'none'], { note: 'which community to ask: departments route their cases by it' }),
  row('Resident.registryStatus', true, ['full', 'full', 'full', 'own', 'none', 'full'], { note: 'whether the person still lives here: vital status' }),
  row('Resident.registryStatusSince', true, ['full', 'full', 'full', 'own', 'none', 'full']),
  row('Resident.vitalStatus', true, ['full', 'full', 'full', 'own', 'none', 'full'], { note: 'dead or alive and the date: every department' }),
  row('Resident.householdRegistration', true, ['full', 'full', 'full', 'own', 'none', 'full'], {
    note: "public security's record (read-only): every department checks a death or a move against it; supervision sees it as reconciliation's evidence",
  }),
  row('Resident.subsistenceAllowance', true, ['full', 'none', 'none', 'none', 'none', 'full'], { note: BENEFIT }),
  row('Resident.specialHardship', true, ['full', 'none', 'none', 'none', 'none', 'full']),
  row('Resident.elderlySubsidy', true, ['full', 'none', 'none', 'none', 'none', 'full']),
  row('Resident.disabilitySubsidy', true, ['full', 'none', 'none', 'none', 'none', 'full']),
  row('Resident.pension', true, ['none', 'full', 'none', 'none', 'none', 'full'], { note: 'HR & social security owns it' }),
  row('Resident.insured', true, ['none', 'full', 'none', 'none', 'none', 'none']),
  row('Resident.familyPlanningAssistance', true, ['none', 'none', 'full', 'none', 'none', 'full'], { note: 'health owns it' }),
  // What was reported, and the forms it produced
  row('PopulationChange.name', true, ['full', 'full', 'full', 'own', 'full', 'none']),
  row('PopulationChange.deathPlace', true, ['none', 'none', 'full', 'own', 'none', 'none'], { note: 'details of a death: health and the reporting community' }),
  row('PopulationChange.deathCertificateNumber', true, ['none', 'none', 'full', 'own', 'none', 'none']),
  row('PopulationChange.destination', true, ['none', 'none', 'none', 'own', 'none', 'none'], { note: 'where the person went: the reporting community' }),
  row('Form.fields', true, ['own', 'own', 'own', 'own', 'masked', 'none'], {
    note: "a department its own forms' content; community workers the forms of their own community's reports, of another department's form only the fields they may read where the value comes from (platform/auth/formFieldAccess.ts); supervision every form, ID numbers masked",
    maskedByResolver: true,
  }),
];

/**
 * Type-level @allow: the roles that may read the fields of these types (fields not in the
 * matrix). They are reached only through a matrix field, which decides first.
 */
export const TYPE_ACCESS: Readonly<Record<string, readonly CallerRole[]>> = {
  Benefit: CALLER_ROLES,
  DisabilitySubsidy: CALLER_ROLES,
  Pension: CALLER_ROLES,
  VitalStatus: CALLER_ROLES,
  HouseholdRegistration: CALLER_ROLES,
  ResidentConnection: [CA, HR, HE, CO],
  PageInfo: [CA, HR, HE, CO],
  Community: [CA, HR, HE, CO, SU],
  Intake: [CA, HR, HE, CO, SU],
  IntakeReview: [CA, HR, HE, CO, SU],
  IntakeWithdrawal: [CA, HR, HE, CO, SU],
  Delivery: [CA, HR, HE, CO, SU],
  DeliveryNeedingAttention: [CA, HR, HE, CO, SU],
  PopulationChange: [CA, HR, HE, CO, SU],
  Form: [CA, HR, HE, CO, SU],
  FormField: [CA, HR, HE, CO, SU],
  BenefitAnomaly: [SU],
  DepartureEvidence: [SU],
  AuditRecord: [SU],
  AuditVerification: [SU],
  AuditCheckpoint: [SU],
};

/**
 * All a QR credential may touch, whatever the community role's cells above say. Anyone who
 * photographs a community's printed sheet holds it, so it does one thing: report for its
 * community, and read back the status of the reports it made itself (Query.intake answers it for
 * those only). The status carries no personal content: no change, names, ID numbers, form
 * contents or error texts. Every other field is refused to it, field by field, in every subgraph
 * (fieldPolicy.ts); the gateway refuses other root fields before planning (qrCredentialScope.ts).
 */
export const QR_CREDENTIAL_FIELDS: ReadonlySet<string> = new Set([
  'Mutation.reportPopulationChange',
  'Query.intake',
  'Intake.id',
  'Intake.reference',
  'Intake.status',
  'Intake.createdAt',
  'Intake.deliveries',
  'Intake.forms',
  'Intake.review',
  'Delivery.system',
  'Delivery.status',
  'Delivery.attempts',
  'Delivery.updatedAt',
  'Form.id',
  'Form.type',
  'Form.number',
  'Form.title',
  'Form.department',
  'Form.createdAt',
  'Form.intakeId',
  'IntakeReview.state',
  'IntakeReview.at',
  // Whether its report was withdrawn, when, and which systems still reverse it: no worker's words, no subject.
  'Intake.withdrawal',
  'IntakeWithdrawal.at',
  'IntakeWithdrawal.awaitingReversal',
]);

/** The root fields among them: what the gateway lets a QR credential ask for at all. */
export const QR_CREDENTIAL_ROOT_FIELDS: ReadonlySet<string> = new Set(
  [...QR_CREDENTIAL_FIELDS].filter((f) => f.startsWith('Query.') || f.startsWith('Mutation.')).map((f) => f.slice(f.indexOf('.') + 1)),
);

/** Fields outside the API (`@inaccessible`) that every role's requests need. */
export const INTERNAL_FIELDS: Readonly<Record<string, readonly CallerRole[]>> = {
  'Resident.joinKey': CALLER_ROLES,
};

export function matrixRow(field: string): MatrixRow {
  const found = MATRIX.find((r) => r.field === field);
  if (!found) throw new Error(`${field} is not in the permission matrix`);
  return found;
}

/** Roles that may read the field at all (@allow). */
export const allowedRoles = (r: MatrixRow): CallerRole[] => CALLER_ROLES.filter((role) => r.access[role] !== 'none');

/** Roles that read the whole value of a masked field (@masked(unmaskedFor)); null when the field is never masked. */
export function unmaskedRoles(r: MatrixRow): CallerRole[] | null {
  if (!CALLER_ROLES.some((role) => r.access[role] === 'masked')) return null;
  return CALLER_ROLES.filter((role) => r.access[role] === 'full' || r.access[role] === 'own');
}

/** The roles that see ID numbers whole: those that read Resident.idNumber unmasked. */
export const WHOLE_ID_NUMBER_ROLES: readonly CallerRole[] = unmaskedRoles(matrixRow('Resident.idNumber')) ?? CALLER_ROLES;

const SYMBOL: Record<Access, string> = { full: '✓', masked: 'masked', own: 'own', none: '–' };

/** The matrix as the README shows it (a test keeps the two equal). */
export function renderMatrix(): string {
  const head = ['field', 'personal data', ...CALLER_ROLES.map((r) => (r === RE ? `${r} (service)` : r)), 'note'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of MATRIX) {
    lines.push(`| \`${r.field}\` | ${r.sensitive ? 'yes' : ''} | ${CALLER_ROLES.map((role) => SYMBOL[r.access[role]]).join(' | ')} | ${r.note ?? ''} |`);
  }
  return lines.join('\n');
}
