/**
 * The health department's delivery to the health information platform: a death is registered
 * on the resident's Patient (form 8, death registration report) and their family-planning
 * special assistance is ended (form 9). A move changes nothing on the platform.
 *
 * The platform has no idempotency key: the adapter reads before it writes and PUTs with
 * If-Match, and a PUT of the same state is a no-op. A death the platform already holds (a
 * hospital registered it first, or a run before a crash did) needs no write but still gets its
 * report. An assistance episode ended by this intake carries the intake id, so a run after a
 * crash counts it as written without sending anything and answers the same forms.
 */
import { FORMS } from '../../../domain/forms';
import { planDelivery, type Enrolment, type Rule } from '../../../domain/rules';
import type { DeliveryHandler, DeliveryOutcome } from '../../../platform/delivery/worker';
import { changeFields as sharedChangeFields, personFields } from '../../../platform/delivery/formFields';
import type { Intake, NewForm } from '../../../platform/intake/types';
import type { FamilyPlanningEpisode, HealthPlatformAdapter, HealthRecord } from '../adapters/health-platform';

const SYSTEM = 'HEALTH_PLATFORM';
const NOT_APPLICABLE: DeliveryOutcome = { status: 'NOT_APPLICABLE', forms: [] };
/** Everything the platform can hold that the rules table knows of. */
const ENROLMENTS: readonly Enrolment[] = ['HEALTH_RECORD', 'FAMILY_PLANNING_ASSISTANCE'];

/** Whether this intake already ended the assistance (a run before a crash wrote it). */
const endedBy = (assistance: FamilyPlanningEpisode | null, intake: Intake): boolean => assistance?.status === 'STOPPED' && assistance.stopReference === intake.id;

/**
 * What the record holds for this change: a Patient (dead or alive: either way the death gets its
 * report), and assistance still open (active or on hold) or ended by this very intake. Assistance
 * ended for another reason is not this intake's to end.
 */
export function enrolmentsFor(record: HealthRecord, intake: Intake): Set<Enrolment> {
  const out = new Set<Enrolment>(['HEALTH_RECORD']);
  const assistance = record.familyPlanning;
  if (assistance && (assistance.status !== 'STOPPED' || endedBy(assistance, intake))) out.add('FAMILY_PLANNING_ASSISTANCE');
  return out;
}

export function healthPlatformDelivery(platform: HealthPlatformAdapter): DeliveryHandler {
  /** The death date the platform holds after registering the death; null when it has no Patient any more. */
  async function registerDeath(intake: Intake, record: HealthRecord): Promise<{ registeredDeathDate: string | null } | null> {
    if (record.vitalStatus.deceased) return { registeredDeathDate: record.vitalStatus.deathDate };
    const { idNumber, effectiveDate } = intake.change;
    const outcome = await platform.recordDeath(idNumber, effectiveDate);
    if (outcome === 'NOT_REGISTERED') return null;
    if (outcome === 'RECORDED') return { registeredDeathDate: effectiveDate };
    // Registered by someone else since our read: the report shows the date the platform holds.
    const now = await platform.healthRecord(idNumber);
    return { registeredDeathDate: now?.vitalStatus.deathDate ?? null };
  }

  /** Whether the assistance is ended by this intake now (written here, or before a crash). */
  async function endAssistance(intake: Intake, assistance: FamilyPlanningEpisode): Promise<boolean> {
    if (endedBy(assistance, intake)) return true;
    const { idNumber, effectiveDate } = intake.change;
    const outcome = await platform.endFamilyPlanningAssistance(idNumber, effectiveDate, intake.id);
    if (outcome === 'ENDED') return true;
    if (outcome === 'NOT_ENROLLED') return false;
    // ALREADY_ENDED: ended since our read, by another change or by a concurrent run of this one;
    // the reference on the episode tells which.
    return endedBy((await platform.healthRecord(idNumber))?.familyPlanning ?? null, intake);
  }

  /** Carries out one rule's write; returns its form, or null when nothing was written for this intake. */
  async function apply(rule: Rule, intake: Intake, record: HealthRecord): Promise<NewForm | null> {
    switch (rule.write) {
      case 'RECORD_DEATH': {
        const registered = await registerDeath(intake, record);
        return registered ? deathReport(intake, record, registered.registeredDeathDate) : null;
      }
      case 'END_FAMILY_PLANNING_ASSISTANCE': {
        // A rule applies only to an enrolment found in the record, so the assistance is there.
        const assistance = record.familyPlanning!;
        return (await endAssistance(intake, assistance)) ? assistanceTermination(intake, assistance) : null;
      }
      default:
        // The rules table grew a row this handler cannot carry out: fail loudly rather than produce a form for nothing written.
        throw new Error(`The health platform delivery has no write for ${rule.write ?? 'a form-only rule'} (rules table row for ${rule.when}).`);
    }
  }

  return {
    system: SYSTEM,
    async deliver(intake: Intake): Promise<DeliveryOutcome> {
      const { kind, idNumber } = intake.change;
      // No row applies to this kind whatever the platform holds (a move): answer without calling
      // the platform, so a move is never held up, or dead-lettered, by the platform being down.
      if (planDelivery(kind, SYSTEM, new Set(ENROLMENTS)).rules.length === 0) return NOT_APPLICABLE;
      const record = await platform.healthRecord(idNumber);
      if (!record) return NOT_APPLICABLE;
      const plan = planDelivery(kind, SYSTEM, enrolmentsFor(record, intake));
      const forms: NewForm[] = [];
      for (const rule of plan.rules) {
        const form = await apply(rule, intake, record);
        if (form) forms.push(form);
      }
      return forms.length > 0 ? { status: 'DELIVERED', forms } : NOT_APPLICABLE;
    },
  };
}

/** The one input's fields plus sex and birth date; health's forms are about deaths only, so no destination. */
function changeFields(intake: Intake): Record<string, string | null> {
  const { destination: _unused, ...fields } = sharedChangeFields(intake);
  return { ...fields, ...personFields(intake.change.idNumber) };
}

function deathReport(intake: Intake, record: HealthRecord, registeredDeathDate: string | null): NewForm {
  return {
    type: 'DEATH_REGISTRATION_REPORT',
    department: FORMS.DEATH_REGISTRATION_REPORT.department,
    payload: {
      ...changeFields(intake),
      patientId: record.patientId,
      deathDate: intake.change.effectiveDate,
      // The date the platform holds: another than the reported one when a hospital registered the death first.
      registeredDeathDate,
    },
  };
}

function assistanceTermination(intake: Intake, assistance: FamilyPlanningEpisode): NewForm {
  return {
    type: 'FAMILY_PLANNING_ASSISTANCE_TERMINATION',
    department: FORMS.FAMILY_PLANNING_ASSISTANCE_TERMINATION.department,
    payload: {
      ...changeFields(intake),
      episodeId: assistance.episodeId,
      monthlyAmount: assistance.monthlyAmount,
      since: assistance.since,
      stoppedOn: intake.change.effectiveDate,
    },
  };
}
