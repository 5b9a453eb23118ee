/**
 * The community's own delivery: records the change in the community registry (who lives where)
 * and produces forms 10 (population change register) and 11 (housing occupancy update).
 * The registry de-duplicates on the idempotency key derived from the intake, so a delivery run
 * again after a crash finds its write already there and writes nothing twice. A registry that
 * already records the same fact by another channel: NOT_APPLICABLE; another status: the
 * registry's refusal ends the delivery FAILED at once (not retried).
 */
import { OPEN } from '../../../platform/delivery/holdings';
import { writeThrough } from '../../../platform/delivery/writeThrough';
import type { DeliveryHandler } from '../../../platform/delivery/worker';
import type { RegisteredPerson } from '../../../domain/residents';
import type { CommunityRegistryAdapter, DwellingOccupancy } from '../adapters/community-registry';

/** What the registry answers a recorded change with: its id in the registry's log, and the dwelling after it. */
interface Recorded {
  registryChangeId: string | null;
  dwelling: DwellingOccupancy | null;
}

export function communityRegistryDelivery(registry: CommunityRegistryAdapter): DeliveryHandler {
  return writeThrough<RegisteredPerson, Recorded>({
    system: 'COMMUNITY_REGISTRY',
    read: (idNumber) => registry.getPerson(idNumber),
    holdings: (person) => ({ REGISTERED_RESIDENT: OPEN, ...(person.dwellingId ? { DWELLING_OCCUPANT: OPEN } : {}) }),
    writes: {
      async RECORD_POPULATION_CHANGE({ intake, record: person, key }) {
        const { idNumber, kind, effectiveDate, move } = intake.change;
        const recorded = await registry.recordChange({ idNumber, kind, effectiveDate, reference: intake.id, ...(move ? { destination: move.destination } : {}) }, key);
        // The registry already says what the report says, recorded through another channel (a CSV
        // import, another report): nothing was written for this intake, so no forms either. A
        // conflicting status is a RegistryRejection, a definitive answer the worker does not retry.
        if (recorded.outcome === 'already_recorded' && recorded.changeId === null) return null;
        // A replayed change does not repeat the dwelling: read it.
        const dwelling = recorded.dwelling ?? (person.dwellingId ? await registry.getDwelling(person.dwellingId) : null);
        return { registryChangeId: recorded.changeId, dwelling };
      },
    },
    forms: {
      // The registry's own record of the person (name, sex, birth date, address) beside the change.
      POPULATION_CHANGE_REGISTER: (person, done) => ({ registryChangeId: done.registryChangeId ?? null, name: person.name, sex: person.sex, birthDate: person.birthDate, address: person.address }),
      HOUSING_OCCUPANCY_UPDATE: (person, { dwelling }) => ({
        dwellingId: person.dwellingId,
        address: person.address,
        community: person.community,
        departedName: person.name,
        departedIdNumber: person.idNumber,
        occupantsRemaining: dwelling?.occupancy ?? null,
        vacantSince: dwelling?.vacantSince ?? null,
      }),
    },
  });
}
