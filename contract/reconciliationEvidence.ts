/**
 * The operation reconciliation sends through the gateway, and the shape of its answer: a client
 * operation like the pages' (contract/pageOperations.ts), so the gateway's safelist of persisted
 * operations is generated from it without the gateway importing a subgraph.
 *
 * Its evidence comes from a table: one list per system that records deaths or departures (the
 * graph's root field listing those residents, and what to select of each). A department whose
 * system records departures adds its list here and its reader in subgraphs/reconciliation/evidence.ts.
 */
const BENEFIT = 'status monthlyAmount since';

export const EVIDENCE_LISTS = [
  { field: 'recordedDeaths', selection: 'vitalStatus { deathDate }' },
  { field: 'departedResidents', selection: 'registryStatus registryStatusSince' },
  { field: 'cancelledRegistrations', selection: 'householdRegistration { status cancelledOn }' },
] as const;
export type EvidenceList = (typeof EVIDENCE_LISTS)[number]['field'];

export const EVIDENCE_QUERY = `query ReconciliationEvidence {
${EVIDENCE_LISTS.map((s) => `  ${s.field} { idNumber ${s.selection} ...Paid }`).join('\n')}
}
fragment Paid on Resident {
  subsistenceAllowance { ${BENEFIT} }
  specialHardship { ${BENEFIT} }
  elderlySubsidy { ${BENEFIT} }
  disabilitySubsidy { ${BENEFIT} }
  pension { kind ${BENEFIT} }
  familyPlanningAssistance { ${BENEFIT} }
}`;

export interface WireBenefit {
  status: string;
  monthlyAmount: number | null;
  since: string | null;
}
export interface WirePaid {
  idNumber: string;
  subsistenceAllowance: WireBenefit | null;
  specialHardship: WireBenefit | null;
  elderlySubsidy: WireBenefit | null;
  disabilitySubsidy: WireBenefit | null;
  pension: (WireBenefit & { kind: 'EMPLOYEE_RETIREMENT' | 'URBAN_RURAL_RESIDENT' }) | null;
  familyPlanningAssistance: WireBenefit | null;
}
/** One resident of an evidence list: the payments, and what its list selected. */
export type EvidenceRow = WirePaid & Record<string, unknown>;
/** The answer: one list of residents per evidence list, by its field. */
export type EvidenceAnswer = Record<EvidenceList, EvidenceRow[] | null>;
