/**
 * Every GraphQL operation the project's own pages send, in one place: the gateway's safelist of
 * persisted operations (gateway/edge/persisted-operations.json) is generated from this list, so
 * the pages keep working when the gateway accepts safelisted operations only. The form export
 * endpoint runs FORMS_QUERY too: what the desk shows is what the download holds.
 * Changing a text here means regenerating the manifest (`npx tsx gateway/edge/persistedManifest.ts`);
 * tests/edge.test.ts fails until then.
 */

import type { FormType } from '../domain/forms';
import type { NamedValue } from '../domain/forms/layout';
import type { Department } from '../domain/systems';

/**
 * What the intake page shows of an intake: its state, each system's delivery, the forms. No more
 * than a QR credential may read of its own report (no error texts, no personal content).
 */
const INTAKE_FIELDS = `id reference status createdAt
  withdrawal { at awaitingReversal }
  deliveries { system status attempts }
  forms { id type number title department }`;

/** The intake page: the one report. */
export const REPORT_MUTATION = `mutation Report($input: PopulationChangeInput!) {
  reportPopulationChange(input: $input) { ${INTAKE_FIELDS} }
}`;

/** The intake page: the intake it created, read until nothing is pending. */
export const INTAKE_QUERY = `query Intake($id: ID!) { intake(id: $id) { ${INTAKE_FIELDS} } }`;

/** The intake page: a signed-in worker withdraws a wrong report (the receipt's 撤回上报). */
export const WITHDRAW_MUTATION = `mutation Withdraw($id: ID!, $reason: String!) {
  withdrawPopulationChange(intakeId: $id, reason: $reason) { ${INTAKE_FIELDS} }
}`;

/** The intake page's history: the community's reports, found by reference, ID number or name (a signed-in worker only). */
export const REPORTS_QUERY = `query Reports($search: String, $first: Int) {
  reports(search: $search, first: $first) { ${INTAKE_FIELDS} change { kind name effectiveDate } }
}`;

/** The intake and QR pages: the communities the caller may report for (names for the header). */
export const COMMUNITIES_QUERY = `query Communities { communities { code name street } }`;

/** The intake page, signed in as a worker: the community's QR reports awaiting confirmation, with what was reported. */
export const UNCONFIRMED_QUERY = `query Unconfirmed {
  unconfirmedReports { id createdAt change { kind name effectiveDate resident { idNumber } deathPlace destination } }
}`;

/** The intake page, signed in as a worker: a QR report confirmed (its deliveries start). */
export const CONFIRM_MUTATION = `mutation Confirm($id: ID!) { confirmPopulationChange(intakeId: $id) { id status } }`;

/** The intake page, signed in as a worker: a QR report rejected, with the reason. */
export const REJECT_MUTATION = `mutation Reject($id: ID!, $reason: String!) { rejectPopulationChange(intakeId: $id, reason: $reason) { id status } }`;

/** The bulk import: one row's report (the import needs only the reference). */
export const IMPORT_ROW_MUTATION = `mutation ImportRow($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id createdAt } }`;

/** The bulk import: changes already recorded in the file's months (rows reported before). */
export const RECORDED_CHANGES_QUERY = `query Recorded($period: PeriodInput!) { populationChanges(period: $period) { kind name resident { idNumber } } }`;

/** The department desk and the form export endpoint: the department's forms of a period, by effective or reported date, of one community if asked. */
export const FORMS_QUERY = `query DeskForms($period: PeriodInput!, $type: FormType, $by: FormDate, $community: String) {
  forms(period: $period, type: $type, by: $by, community: $community) { id type number title department effectiveDate createdAt intakeId isNew withdrawn handledAt handledBy fields { name value } }
  formsAcknowledgedUpTo
}`;

/** The desk's "标记为已查看" and every download: the department has seen its forms up to the newest one shown. */
export const ACKNOWLEDGE_FORMS_MUTATION = `mutation AcknowledgeForms($upTo: String!) { acknowledgeForms(upTo: $upTo) }`;

/** The desk: forms marked handled (or not handled again). */
export const MARK_HANDLED_MUTATION = `mutation MarkFormsHandled($ids: [ID!]!, $handled: Boolean!) { markFormsHandled(formIds: $ids, handled: $handled) }`;

/** One form as FORMS_QUERY reads it; its fields are those its template declares (domain/forms). */
export interface FormRow {
  id: string;
  type: FormType;
  number: number;
  title: string;
  department: Department;
  effectiveDate: string;
  createdAt: string;
  intakeId: string;
  /** Made after the department last acknowledged (the desk's 新). */
  isNew: boolean;
  /** Its report was withdrawn (the desk's 已撤回). */
  withdrawn: boolean;
  handledAt: string | null;
  handledBy: string | null;
  fields: NamedValue[];
}

/** The department desk, for supervision: benefits still paid after a recorded death or move. */
export const ANOMALIES_QUERY = `query DeskAnomalies {
  benefitAnomalies { resident { idNumber name } evidence { system event date } paidBy benefit monthlyAmount monthsOverpaid estimatedOverpayment }
}`;

/** The desk and the intake page: deliveries that failed or are overdue, in the caller's scope, with what the row shows. */
export const ATTENTION_QUERY = `query NeedsAttention {
  deliveriesNeedingAttention { reason since intake { id change { kind name resident { idNumber } } } delivery { system status attempts lastError } }
}`;

/** The desk and the intake page: one FAILED delivery retried; the row shows the delivery as it is afterwards. */
export const RETRY_MUTATION = `mutation RetryDelivery($id: ID!, $system: SystemName!) {
  retryDelivery(intakeId: $id, system: $system) { id deliveries { system status attempts lastError } }
}`;

/** The desk and the intake page: a department has reversed a withdrawn report's write in its system. */
export const ACKNOWLEDGE_WITHDRAWAL_MUTATION = `mutation AcknowledgeWithdrawal($id: ID!, $system: SystemName!) {
  acknowledgeWithdrawal(intakeId: $id, system: $system) { id withdrawal { awaitingReversal } }
}`;

/** The bulk import: where the intakes it created have got (which are still pending or failed). */
export const IMPORTED_INTAKE_QUERY = `query ImportedIntake($id: ID!) { intake(id: $id) { id status deliveries { system status } } }`;

export const PAGE_OPERATIONS: readonly string[] = [
  REPORT_MUTATION,
  INTAKE_QUERY,
  REPORTS_QUERY,
  COMMUNITIES_QUERY,
  UNCONFIRMED_QUERY,
  CONFIRM_MUTATION,
  REJECT_MUTATION,
  WITHDRAW_MUTATION,
  IMPORT_ROW_MUTATION,
  RECORDED_CHANGES_QUERY,
  FORMS_QUERY,
  ACKNOWLEDGE_FORMS_MUTATION,
  MARK_HANDLED_MUTATION,
  ANOMALIES_QUERY,
  ATTENTION_QUERY,
  RETRY_MUTATION,
  ACKNOWLEDGE_WITHDRAWAL_MUTATION,
  IMPORTED_INTAKE_QUERY,
];
