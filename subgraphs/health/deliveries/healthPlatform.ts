/**
 * The health department's delivery to the health information platform: a death is registered
 * on the resident's Patient (form 8, death registration report) and their family-planning
 * special assistance is ended (form 9). A move changes nothing on the platform (no row of the
 * rules table), so it is answered without a request to it.
 *
 * The platform has no idempotency key: the adapter reads before it writes and PUTs with
 * If-Match, and a PUT of the same state is a no-op. A death the platform already holds (a
 * hospital registered it first, or a run before a crash did) needs no write but still gets its
 * report. An assistance episode ended by this intake carries the intake id, so a run after a
 * crash counts it as written without sending anything and answers the same forms.
 */
import { endedBy, OPEN, stoppable } from '../../../platform/delivery/holdings';
import { writeThrough } from '../../../platform/delivery/writeThrough';
import type { DeliveryHandler } from '../../../platform/delivery/worker';
import type { HealthPlatformAdapter, HealthRecord } from '../adapters/health-platform';

export function healthPlatformDelivery(platform: HealthPlatformAdapter): DeliveryHandler {
  return writeThrough<HealthRecord, { registeredDeathDate: string | null }>({
    system: 'HEALTH_PLATFORM',
    read: (idNumber) => platform.healthRecord(idNumber),
    // A Patient, dead or alive (either way the death gets its report), and the assistance.
    holdings: (record) => ({ HEALTH_RECORD: OPEN, FAMILY_PLANNING_ASSISTANCE: stoppable(record.familyPlanning) }),
    writes: {
      /** Answers the death date the platform holds after registering the death; null when it has no Patient any more. */
      async RECORD_DEATH({ intake, record }) {
        if (record.vitalStatus.deceased) return { registeredDeathDate: record.vitalStatus.deathDate };
        const { idNumber, effectiveDate } = intake.change;
        const outcome = await platform.recordDeath(idNumber, effectiveDate);
        if (outcome === 'NOT_REGISTERED') return null;
        if (outcome === 'RECORDED') return { registeredDeathDate: effectiveDate };
        // Registered by someone else since our read: the report shows the date the platform holds.
        const now = await platform.healthRecord(idNumber);
        return { registeredDeathDate: now?.vitalStatus.deathDate ?? null };
      },
      async END_FAMILY_PLANNING_ASSISTANCE({ intake }) {
        const { idNumber, effectiveDate } = intake.change;
        const outcome = await platform.endFamilyPlanningAssistance(idNumber, effectiveDate, intake.id);
        if (outcome === 'ENDED') return {};
        if (outcome === 'NOT_ENROLLED') return null;
        // ALREADY_ENDED: ended since our read, by another change or by a concurrent run of this one;
        // the reference on the episode tells which.
        return endedBy(stoppable((await platform.healthRecord(idNumber))?.familyPlanning), intake.id) ? {} : null;
      },
    },
    forms: {
      DEATH_REGISTRATION_REPORT: (record, done) => ({ patientId: record.patientId, registeredDeathDate: done.registeredDeathDate ?? null }),
      // The rules table applies the row only to assistance the record holds.
      FAMILY_PLANNING_ASSISTANCE_TERMINATION: ({ familyPlanning }) => ({ episodeId: familyPlanning!.episodeId, monthlyAmount: familyPlanning!.monthlyAmount, since: familyPlanning!.since }),
    },
  });
}
