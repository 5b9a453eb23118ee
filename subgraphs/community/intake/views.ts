/** Store records -> the GraphQL shapes of schema/community.graphql (Intake, Delivery, Form, PopulationChange). */
import { FORMS } from '../../../domain/forms';
import { fieldList } from '../../../domain/forms/layout';
import type { Delivery, Form, Intake, IntakeView } from '../../../platform/intake/types';
import { reportReference } from './reference';

/** The desk's marks on a form, when read with the list (Form.isNew etc. read them one by one otherwise). */
export interface FormMarkView {
  isNew: boolean;
  handledAt: string | null;
  handledBy: string | null;
}

/**
 * `residentIdNumber` and `community` are not in the API: the first tells the audit whose form's
 * content was read, the second whose acknowledgement a community form's newness is measured against.
 */
/** `withdrawn`: its report was withdrawn (Form.withdrawn), the change it records did not stand. */
export function formView(form: Form, residentIdNumber: string | null, community?: string, marks?: FormMarkView, withdrawn = false) {
  return {
    id: form.id,
    type: form.type,
    department: form.department,
    number: FORMS[form.type].number,
    title: FORMS[form.type].title,
    createdAt: form.createdAt,
    effectiveDate: form.effectiveDate,
    intakeId: form.intakeId,
    withdrawn,
    residentIdNumber,
    community,
    ...marks,
    // In the template's order (domain/forms); what the caller reads of them is Form.fields' rule.
    fields: fieldList(form.type, form.payload),
  };
}

export function deliveryView(d: Delivery) {
  return { system: d.system, status: d.status, attempts: d.attempts, lastError: d.lastError, updatedAt: d.updatedAt };
}

export function changeView(intake: Intake) {
  const c = intake.change;
  return {
    intakeId: intake.id,
    kind: c.kind,
    resident: { idNumber: c.idNumber },
    name: c.name,
    effectiveDate: c.effectiveDate,
    community: c.community,
    reportedAt: intake.createdAt,
    deathPlace: c.death?.place ?? null,
    deathCertificateNumber: c.death?.certificateNumber ?? null,
    destination: c.move?.destination ?? null,
  };
}

export function intakeView(view: IntakeView) {
  return {
    id: view.intake.id,
    reference: reportReference(view.intake.id),
    status: view.status,
    createdAt: view.intake.createdAt,
    change: changeView(view.intake),
    deliveries: view.deliveries.map(deliveryView),
    forms: view.forms.map((f) => formView(f, view.intake.change.idNumber, view.intake.change.community, undefined, view.intake.withdrawal !== undefined)),
    reportedBy: view.intake.reportedBy,
    review: view.intake.review ?? null,
    withdrawal: view.intake.withdrawal ?? null,
  };
}
