/**
 * The operations reconciliation sends through the gateway, and the shapes of their answers: client
 * operations like the pages' (contract/pageOperations.ts), so the gateway's safelist of persisted
 * operations is generated from it without the gateway importing a subgraph.
 *
 * Its evidence comes from a table: one list per system that records deaths or departures (the
 * graph's root field listing those residents, and what to select of each). A department whose
 * system records departures adds its list here and its reader in subgraphs/reconciliation/evidence.ts.
 * The candidates' payments are then read in batches of sealed join keys from each paying
 * department ({@link PAYMENT_SOURCES}), each resident once however many lists name them.
 */
const BENEFIT = 'status monthlyAmount since';

export const EVIDENCE_LISTS = [
  { field: 'recordedDeaths', selection: 'vitalStatus { deathDate }' },
  { field: 'departedResidents', selection: 'registryStatus registryStatusSince' },
  { field: 'cancelledRegistrations', selection: 'householdRegistration { status cancelledOn }' },
] as const;
export type EvidenceList = (typeof EVIDENCE_LISTS)[number]['field'];

/** The evidence lists alone: who each system records as dead or gone (their payments are read in batches, below). */
export const EVIDENCE_QUERY = `query ReconciliationEvidence {
${EVIDENCE_LISTS.map((s) => `  ${s.field} { idNumber ${s.selection} }`).join('\n')}
}`;

/**
 * The departments that pay benefits, each with its batch field over sealed join keys (answering
 * the residents in the keys' order) and what reconciliation reads of each resident there.
 */
export const PAYMENT_SOURCES = [
  {
    field: 'civilAffairsReconciliationCandidates',
    selection: `subsistenceAllowance { ${BENEFIT} } specialHardship { ${BENEFIT} } elderlySubsidy { ${BENEFIT} } disabilitySubsidy { ${BENEFIT} }`,
  },
  { field: 'hrssReconciliationCandidates', selection: `pension { kind ${BENEFIT} }` },
  { field: 'healthReconciliationCandidates', selection: `familyPlanningAssistance { ${BENEFIT} }` },
] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number]['field'];

/** One batch of candidates: every paying department asked for the same residents at once (the gateway sends the fields in parallel). */
export const CANDIDATES_QUERY = `query ReconciliationCandidates($joinKeys: [String!]!) {
${PAYMENT_SOURCES.map((s) => `  ${s.field}(joinKeys: $joinKeys) { idNumber ${s.selection} }`).join('\n')}
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
/** One resident of an evidence list: what its list selected. */
export type EvidenceRow = { idNumber: string } & Record<string, unknown>;
/** The answer: one list of residents per evidence list, by its field. */
export type EvidenceAnswer = Record<EvidenceList, EvidenceRow[] | null>;
/** One batch's answer: each department's residents, in the order of the keys asked for, with its part of the payments. */
export type CandidatesAnswer = Record<PaymentSource, Array<Partial<WirePaid> & { idNumber: string }> | null>;
