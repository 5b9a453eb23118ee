/**
 * Reconciliation across departments: a resident one system records as dead or gone while
 * another still pays them. Which benefits a departure must have stopped is the rules table's
 * answer (a benefit whose enrolment leads to a write for that kind of change), so the check
 * and the write-through can never disagree.
 */
import { planDelivery, type ChangeKind, type Enrolment } from './rules';
import type { SystemName } from './systems';

export type PaidBenefit =
  | 'SUBSISTENCE_ALLOWANCE'
  | 'SPECIAL_HARDSHIP'
  | 'ELDERLY_SUBSIDY'
  | 'DISABILITY_SUBSIDY'
  | 'EMPLOYEE_PENSION'
  | 'RESIDENT_PENSION'
  | 'FAMILY_PLANNING_ASSISTANCE';

/** Each paid benefit, the system that pays it and the enrolment the rules table knows it by. */
export const PAID_BENEFITS: Record<PaidBenefit, { system: SystemName; enrolment: Enrolment }> = {
  SUBSISTENCE_ALLOWANCE: { system: 'SOCIAL_ASSISTANCE', enrolment: 'SUBSISTENCE_ALLOWANCE' },
  SPECIAL_HARDSHIP: { system: 'SOCIAL_ASSISTANCE', enrolment: 'SPECIAL_HARDSHIP' },
  ELDERLY_SUBSIDY: { system: 'ELDERLY_DISABILITY_SUBSIDY', enrolment: 'ELDERLY_SUBSIDY' },
  DISABILITY_SUBSIDY: { system: 'ELDERLY_DISABILITY_SUBSIDY', enrolment: 'DISABILITY_SUBSIDY' },
  EMPLOYEE_PENSION: { system: 'SOCIAL_INSURANCE', enrolment: 'EMPLOYEE_PENSION' },
  RESIDENT_PENSION: { system: 'SOCIAL_INSURANCE', enrolment: 'RESIDENT_PENSION' },
  FAMILY_PLANNING_ASSISTANCE: { system: 'HEALTH_PLATFORM', enrolment: 'FAMILY_PLANNING_ASSISTANCE' },
};

/** A system's record that the person died or left, and when. */
export interface DepartureEvidence {
  system: SystemName;
  event: ChangeKind;
  date: string;
}

export interface ActivePayment {
  benefit: PaidBenefit;
  monthlyAmount: number | null;
  since: string | null;
}

export interface BenefitAnomaly {
  idNumber: string;
  evidence: DepartureEvidence;
  paidBy: SystemName;
  benefit: PaidBenefit;
  monthlyAmount: number | null;
  /** Monthly payments made after the month of the departure, up to the current month. */
  monthsOverpaid: number;
  estimatedOverpayment: number | null;
}

/** Whole monthly payments due after the month of `date`, up to and including the month of `today`. */
export function monthsAfter(date: string, today: string): number {
  const months = (Number(today.slice(0, 4)) - Number(date.slice(0, 4))) * 12 + (Number(today.slice(5, 7)) - Number(date.slice(5, 7)));
  return Math.max(0, months);
}

/** Whether a departure of this kind must have stopped this benefit (the rules table writes to stop it). */
export function mustStop(kind: ChangeKind, benefit: PaidBenefit): boolean {
  const { system, enrolment } = PAID_BENEFITS[benefit];
  return planDelivery(kind, system, new Set([enrolment])).writes.length > 0;
}

/**
 * The anomalies of one resident: every payment still active that a recorded departure must have
 * stopped. With several pieces of evidence, the strongest wins (a death over a move), then the earliest.
 */
export function findAnomalies(idNumber: string, evidence: DepartureEvidence[], payments: ActivePayment[], today: string): BenefitAnomaly[] {
  const ordered = [...evidence].sort((a, b) => (a.event === b.event ? a.date.localeCompare(b.date) : a.event === 'DEATH' ? -1 : 1));
  const anomalies: BenefitAnomaly[] = [];
  for (const payment of payments) {
    const cause = ordered.find((e) => mustStop(e.event, payment.benefit));
    if (!cause) continue;
    const months = monthsAfter(cause.date, today);
    anomalies.push({
      idNumber,
      evidence: cause,
      paidBy: PAID_BENEFITS[payment.benefit].system,
      benefit: payment.benefit,
      monthlyAmount: payment.monthlyAmount,
      monthsOverpaid: months,
      estimatedOverpayment: payment.monthlyAmount === null ? null : Math.round(payment.monthlyAmount * months * 100) / 100,
    });
  }
  return anomalies;
}
