/**
 * The community's own delivery: records the change in the community registry (who lives where)
 * and produces forms 10 (population change register) and 11 (housing occupancy update).
 * The registry de-duplicates on the idempotency key derived from the intake, so a delivery run
 * again after a crash finds its write already there and writes nothing twice. A registry that
 * already records the same fact by another channel: NOT_APPLICABLE; another status: the
 * registry's refusal ends the delivery FAILED at once (not retried).
 */
import { FORMS } from '../../../domain/forms';
import { planDelivery, type Enrolment } from '../../../domain/rules';
import type { DeliveryHandler, DeliveryOutcome } from '../../../platform/delivery/worker';
import { changeFields } from '../../../platform/delivery/formFields';
import { deliveryKey } from '../../../platform/delivery/keys';
import type { Intake, NewForm } from '../../../platform/intake/types';
import type { CommunityRegistryAdapter, RecordedChange } from '../adapters/community-registry';
import type { RegisteredPerson } from '../../../domain/residents';

export function communityRegistryDelivery(registry: CommunityRegistryAdapter): DeliveryHandler {
  return {
    system: 'COMMUNITY_REGISTRY',
    async deliver(intake: Intake): Promise<DeliveryOutcome> {
      const change = intake.change;
      const person = await registry.getPerson(change.idNumber);
      const enrolments = new Set<Enrolment>();
      if (person) {
        enrolments.add('REGISTERED_RESIDENT');
        if (person.dwellingId) enrolments.add('DWELLING_OCCUPANT');
      }
      const plan = planDelivery(change.kind, 'COMMUNITY_REGISTRY', enrolments);
      if (!person || plan.writes.length === 0) return { status: 'NOT_APPLICABLE', forms: [] };

      const recorded = await registry.recordChange(
        { idNumber: change.idNumber, kind: change.kind, effectiveDate: change.effectiveDate, reference: intake.id, ...(change.move ? { destination: change.move.destination } : {}) },
        deliveryKey(intake.id, 'COMMUNITY_REGISTRY', 'RECORD_POPULATION_CHANGE'),
      );
      // The registry already says what the report says, recorded through another channel (a CSV
      // import, another report): nothing was written for this intake, so no forms either. A
      // conflicting status is a RegistryRejection, a definitive answer the worker does not retry.
      if (recorded.outcome === 'already_recorded' && recorded.changeId === null) return { status: 'NOT_APPLICABLE', forms: [] };
      const dwelling = recorded.dwelling ?? (await registry.getDwelling(person.dwellingId));
      return { status: 'DELIVERED', forms: plan.forms.map((type) => (type === 'POPULATION_CHANGE_REGISTER' ? register(intake, person, recorded) : housing(intake, person, dwelling))) };
    },
  };
}

function register(intake: Intake, person: RegisteredPerson, recorded: RecordedChange): NewForm {
  return {
    type: 'POPULATION_CHANGE_REGISTER',
    department: FORMS.POPULATION_CHANGE_REGISTER.department,
    // The registry's own record of the person (name, sex, birth date, address) beside the change.
    payload: {
      registryChangeId: recorded.changeId,
      ...changeFields(intake),
      name: person.name,
      sex: person.sex,
      birthDate: person.birthDate,
      address: person.address,
    },
  };
}

function housing(intake: Intake, person: RegisteredPerson, dwelling: { dwellingId: string; occupancy: number; vacantSince: string | null } | null): NewForm {
  return {
    type: 'HOUSING_OCCUPANCY_UPDATE',
    department: FORMS.HOUSING_OCCUPANCY_UPDATE.department,
    payload: {
      dwellingId: person.dwellingId,
      address: person.address,
      community: person.community,
      departedName: person.name,
      departedIdNumber: person.idNumber,
      changeKind: intake.change.kind,
      effectiveDate: intake.change.effectiveDate,
      occupantsRemaining: dwelling?.occupancy ?? null,
      vacantSince: dwelling?.vacantSince ?? null,
    },
  };
}
