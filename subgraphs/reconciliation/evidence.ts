/** Reconciliation's evidence query's answer (contract/reconciliationEvidence.ts) turned into evidence and active payments per resident. */
import type { ActivePayment, DepartureEvidence, PaidBenefit } from '../../domain/reconciliation';
import type { EvidenceAnswer, WireBenefit, WirePaid } from '../../contract/reconciliationEvidence';

// The subgraph sends the query and reads the answer through this module.
export { EVIDENCE_QUERY, type EvidenceAnswer } from '../../contract/reconciliationEvidence';

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
  const entry = (r: WirePaid) => {
    let c = byId.get(r.idNumber);
    if (!c) byId.set(r.idNumber, (c = { idNumber: r.idNumber, evidence: [], payments: activePayments(r) }));
    return c;
  };
  for (const r of answer.recordedDeaths) {
    if (r.vitalStatus?.deathDate) entry(r).evidence.push({ system: 'HEALTH_PLATFORM', event: 'DEATH', date: r.vitalStatus.deathDate });
  }
  for (const r of answer.departedResidents) {
    if (!r.registryStatusSince || (r.registryStatus !== 'DECEASED' && r.registryStatus !== 'MOVED_OUT')) continue;
    entry(r).evidence.push({ system: 'COMMUNITY_REGISTRY', event: r.registryStatus === 'DECEASED' ? 'DEATH' : 'MOVED_OUT', date: r.registryStatusSince });
  }
  return [...byId.values()].filter((c) => c.evidence.length > 0);
}
