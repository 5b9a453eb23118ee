/**
 * Civil affairs' delivery to the elderly and disability subsidy system: a resident who died or
 * moved away has their high-age elderly subsidy and disability two-subsidies stopped, and the
 * department gets form 3 (elderly subsidy reduction) and form 4 (disability subsidy cancellation).
 *
 * The SOAP system has no idempotency: the adapter reads before it writes, and every stop carries
 * the intake id as its reference, which the system logs and returns on reads. A run after a
 * crash reads the subsidy stopped under that reference, counts it as written without sending
 * anything, and answers the same forms.
 */
import { endedBy, stoppable } from '../../../platform/delivery/holdings';
import { writeThrough, type WriteRequest } from '../../../platform/delivery/writeThrough';
import type { DeliveryHandler } from '../../../platform/delivery/worker';
import type { SubsidyAdapter, SubsidyRecord, SubsidyType } from '../adapters/elderly-disability-subsidy';

/** Where each subsidy lives in the record. */
const FIELD = { ELDERLY: 'elderlySubsidy', DISABILITY: 'disabilitySubsidy' } as const satisfies Record<SubsidyType, keyof SubsidyRecord>;

export function elderlyDisabilitySubsidyDelivery(adapter: SubsidyAdapter): DeliveryHandler {
  /** Stops the subsidy; null when it was not stopped for this intake. */
  const stop =
    (type: SubsidyType) =>
    async ({ intake }: WriteRequest<SubsidyRecord>) => {
      const { idNumber, kind, effectiveDate } = intake.change;
      const outcome = await adapter.stopSubsidy(idNumber, type, { stopDate: effectiveDate, reason: kind, reference: intake.id });
      if (outcome === 'STOPPED') return {};
      // "Already stopped" may be our own stop: its answer was lost, the client sent it again and
      // the system refused the second one. The reference on the record tells ours from another's.
      const now = await adapter.getRecord(idNumber);
      return endedBy(stoppable(now?.[FIELD[type]]), intake.id) ? {} : null;
    };
  return writeThrough({
    system: 'ELDERLY_DISABILITY_SUBSIDY',
    read: (idNumber) => adapter.getRecord(idNumber),
    holdings: (record) => ({ ELDERLY_SUBSIDY: stoppable(record.elderlySubsidy), DISABILITY_SUBSIDY: stoppable(record.disabilitySubsidy) }),
    writes: { STOP_ELDERLY_SUBSIDY: stop('ELDERLY'), STOP_DISABILITY_SUBSIDY: stop('DISABILITY') },
    // The rules table applies a row only to a subsidy the record holds.
    forms: {
      ELDERLY_SUBSIDY_REDUCTION: ({ elderlySubsidy }) => ({ monthlyAmount: elderlySubsidy!.monthlyAmount, since: elderlySubsidy!.since }),
      DISABILITY_SUBSIDY_CANCELLATION: ({ disabilitySubsidy }) => ({ category: disabilitySubsidy!.category, monthlyAmount: disabilitySubsidy!.monthlyAmount, since: disabilitySubsidy!.since }),
    },
  });
}
