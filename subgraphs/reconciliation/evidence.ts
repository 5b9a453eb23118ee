/**
 * Reconciliation's evidence query's answer (contract/reconciliationEvidence.ts) turned into
 * departure evidence per resident, and a resident's payments (read in batches: candidates.ts)
 * into the active ones. Each evidence list of the contract has its reader
 * here ({@link EVIDENCE_READERS}: how one of its residents reads as evidence); a list without a
 * reader does not type-check, so a system that starts recording departures adds both.
 */
import type { ActivePayment, DepartureEvidence, PaidBenefit } from '../../domain/reconciliation';
import { EVIDENCE_LISTS, type EvidenceAnswer, type EvidenceList, type EvidenceRow, type WireBenefit, type WirePaid } from '../../contract/reconciliationEvidence';

// The subgraph sends the query and reads the answer through this module.
export { CANDIDATES_QUERY, EVIDENCE_QUERY, type CandidatesAnswer, type EvidenceAnswer } from '../../contract/reconciliationEvidence';

type Row<T> = EvidenceRow & T;

/** The departure one resident of each list records; null when the row holds none. */
export const EVIDENCE_READERS: Record<EvidenceList, (row: EvidenceRow) => DepartureEvidence | null> = {
  recordedDeaths: (row) => {
    const date = (row as Row<{ vitalStatus: { deathDate: string | null } | null }>).vitalStatus?.deathDate;
    return date ? { system: 'HEALTH_PLATFORM', event: 'DEATH', date } : null;
  },
  departedResidents: (row) => {
    const { registryStatus, registryStatusSince } = row as Row<{ registryStatus: string | null; registryStatusSince: string | null }>;
    if (!registryStatusSince || (registryStatus !== 'DECEASED' && registryStatus !== 'MOVED_OUT')) return null;
    return { system: 'COMMUNITY_REGISTRY', event: registryStatus === 'DECEASED' ? 'DEATH' : 'MOVED_OUT', date: registryStatusSince };
  },
  cancelledRegistrations: (row) => {
    const registration = (row as Row<{ householdRegistration: { status: string; cancelledOn: string | null } | null }>).householdRegistration;
    if (!registration?.cancelledOn || registration.status === 'REGISTERED') return null;
    return { system: 'HOUSEHOLD_REGISTRATION', event: registration.status === 'CANCELLED_DEATH' ? 'DEATH' : 'MOVED_OUT', date: registration.cancelledOn };
  },
};

/** The payments a resident's record shows as active. */
export function activePayments(r: WirePaid): ActivePayment[] {
  const pairs: Array<[PaidBenefit, WireBenefit | null]> = [
    ['SUBSISTENCE_ALLOWANCE', r.subsistenceAllowance],
    ['SPECIAL_HARDSHIP', r.specialHardship],
    ['ELDERLY_SUBSIDY', r.elderlySubsidy],
    ['DISABILITY_SUBSIDY', r.disabilitySubsidy],
    [r.pension?.kind === 'EMPLOYEE_RETIREMENT' ? 'EMPLOYEE_PENSION' : 'RESIDENT_PENSION', r.pension],
    ['FAMILY_PLANNING_ASSISTANCE', r.familyPlanningAssistance],
  ];
  return pairs.filter(([, b]) => b?.status === 'ACTIVE').map(([benefit, b]) => ({ benefit, monthlyAmount: b!.monthlyAmount, since: b!.since }));
}

/** Each resident with any departure evidence (in the lists' order), with their evidence from every system that holds some. */
export function departures(answer: EvidenceAnswer): Map<string, DepartureEvidence[]> {
  const byId = new Map<string, DepartureEvidence[]>();
  for (const { field } of EVIDENCE_LISTS) {
    for (const row of answer[field] ?? []) {
      const evidence = EVIDENCE_READERS[field](row);
      if (!evidence) continue;
      const found = byId.get(row.idNumber);
      if (found) found.push(evidence);
      else byId.set(row.idNumber, [evidence]);
    }
  }
  return byId;
}
