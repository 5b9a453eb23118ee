/**
 * The operation reconciliation sends through the gateway, and the shape of its answer: a client
 * operation like the pages' (contract/pageOperations.ts), so the gateway's safelist of persisted
 * operations is generated from it without the gateway importing a subgraph.
 */
const BENEFIT = 'status monthlyAmount since';

export const EVIDENCE_QUERY = `query ReconciliationEvidence {
  recordedDeaths { idNumber vitalStatus { deathDate } ...Paid }
  departedResidents { idNumber registryStatus registryStatusSince ...Paid }
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
export interface EvidenceAnswer {
  recordedDeaths: Array<WirePaid & { vitalStatus: { deathDate: string | null } | null }>;
  departedResidents: Array<WirePaid & { registryStatus: 'RESIDENT' | 'MOVED_OUT' | 'DECEASED' | null; registryStatusSince: string | null }>;
}
