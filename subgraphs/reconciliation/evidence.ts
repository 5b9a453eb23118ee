/**
 * The graph query reconciliation runs, and its answer turned into evidence and active payments
 * per resident. Where the evidence comes from is a table ({@link EVIDENCE_SOURCES}): one row per
 * system that records deaths or departures, naming the graph's list of the residents it records
 * and how one of them reads as evidence. A system that starts recording departures adds a row.
 */
import type { ActivePayment, DepartureEvidence, PaidBenefit } from '../../domain/reconciliation';

const BENEFIT = 'status monthlyAmount since';

interface WireBenefit {
  status: string;
  monthlyAmount: number | null;
  since: string | null;
}
interface WirePaid {
  idNumber: string;
  subsistenceAllowance: WireBenefit | null;
  specialHardship: WireBenefit | null;
  elderlySubsidy: WireBenefit | null;
  disabilitySubsidy: WireBenefit | null;
  pension: (WireBenefit & { kind: 'EMPLOYEE_RETIREMENT' | 'URBAN_RURAL_RESIDENT' }) | null;
  familyPlanningAssistance: WireBenefit | null;
}

/** One system's record of departures, as the graph lists it. */
export interface EvidenceSource {
  /** The root field listing the residents the system records as dead or gone (readable by the reconciliation role). */
  field: string;
  /** What to select of each of them, besides idNumber and the payments. */
  selection: string;
  /** The departure the system records for one of them; null when the row holds none. */
  evidence(row: Record<string, unknown>): DepartureEvidence | null;
}

type Row<T> = Record<string, unknown> & T;

export const EVIDENCE_SOURCES: readonly EvidenceSource[] = [
  {
    field: 'recordedDeaths',
    selection: 'vitalStatus { deathDate }',
    evidence: (row) => {
      const date = (row as Row<{ vitalStatus: { deathDate: string | null } | null }>).vitalStatus?.deathDate;
      return date ? { system: 'HEALTH_PLATFORM', event: 'DEATH', date } : null;
    },
  },
  {
    field: 'departedResidents',
    selection: 'registryStatus registryStatusSince',
    evidence: (row) => {
      const { registryStatus, registryStatusSince } = row as Row<{ registryStatus: string | null; registryStatusSince: string | null }>;
      if (!registryStatusSince || (registryStatus !== 'DECEASED' && registryStatus !== 'MOVED_OUT')) return null;
      return { system: 'COMMUNITY_REGISTRY', event: registryStatus === 'DECEASED' ? 'DEATH' : 'MOVED_OUT', date: registryStatusSince };
    },
  },
  {
    field: 'cancelledRegistrations',
    selection: 'householdRegistration { status cancelledOn }',
    evidence: (row) => {
      const registration = (row as Row<{ householdRegistration: { status: string; cancelledOn: string | null } | null }>).householdRegistration;
      if (!registration?.cancelledOn || registration.status === 'REGISTERED') return null;
      return { system: 'HOUSEHOLD_REGISTRATION', event: registration.status === 'CANCELLED_DEATH' ? 'DEATH' : 'MOVED_OUT', date: registration.cancelledOn };
    },
  },
];

export const EVIDENCE_QUERY = `query ReconciliationEvidence {
${EVIDENCE_SOURCES.map((s) => `  ${s.field} { idNumber ${s.selection} ...Paid }`).join('\n')}
}
fragment Paid on Resident {
  subsistenceAllowance { ${BENEFIT} }
  specialHardship { ${BENEFIT} }
  elderlySubsidy { ${BENEFIT} }
  disabilitySubsidy { ${BENEFIT} }
  pension { kind ${BENEFIT} }
  familyPlanningAssistance { ${BENEFIT} }
}`;

/** The answer: one list per evidence source, by its field. */
export type EvidenceAnswer = Record<string, Array<WirePaid & Record<string, unknown>> | null>;

export interface Candidate {
  idNumber: string;
  evidence: DepartureEvidence[];
  payments: ActivePayment[];
}

function activePayments(r: WirePaid): ActivePayment[] {
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

/** One candidate per resident with any departure evidence, its evidence from every system that holds some. */
export function candidates(answer: EvidenceAnswer): Candidate[] {
  const byId = new Map<string, Candidate>();
  for (const source of EVIDENCE_SOURCES) {
    for (const row of answer[source.field] ?? []) {
      const evidence = source.evidence(row);
      if (!evidence) continue;
      let c = byId.get(row.idNumber);
      if (!c) byId.set(row.idNumber, (c = { idNumber: row.idNumber, evidence: [], payments: activePayments(row) }));
      c.evidence.push(evidence);
    }
  }
  return [...byId.values()];
}
