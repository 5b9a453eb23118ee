/**
 * The candidates' payments, read in batches: each resident some evidence list names is read
 * once (however many lists name them), `batchSize` residents per query through the gateway, at
 * most `batchesInFlight` queries at once, each department answering its part of a batch with
 * one batched read per system. Instead of one entity join per list, the lists' residents
 * repeated in each.
 */
import { mapWithConcurrency } from '../../platform/concurrency';
import { PAYMENT_SOURCES, type CandidatesAnswer, type WirePaid } from '../../contract/reconciliationEvidence';

export interface BatchSettings {
  /** Residents per query. */
  batchSize: number;
  /** Queries at once. */
  batchesInFlight: number;
}

/** `items` cut into consecutive batches of at most `size`. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a whole number of at least 1, but got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Thrown when a department's answer does not line up with the batch asked (no number in the message: it may be any resident's). */
export class MisalignedAnswerError extends Error {
  constructor(source: string) {
    super(`${source} answered residents other than the batch asked for, or in another order`);
  }
}

/** One batch's answers merged into one record of payments per resident, checked against the numbers asked for. */
export function mergeBatch(idNumbers: readonly string[], answer: CandidatesAnswer): WirePaid[] {
  const merged = idNumbers.map((idNumber) => ({ idNumber }) as WirePaid);
  for (const { field } of PAYMENT_SOURCES) {
    const rows = answer[field] ?? [];
    if (rows.length !== idNumbers.length) throw new MisalignedAnswerError(field);
    rows.forEach((row, i) => {
      if (row.idNumber !== idNumbers[i]) throw new MisalignedAnswerError(field);
      Object.assign(merged[i], row);
    });
  }
  return merged;
}

/**
 * Every resident's payments, by ID number. `readBatch` asks the departments for one batch (the
 * graph query); a failed batch fails the whole read (reconciliation is never silently partial).
 */
export async function readPayments(
  idNumbers: readonly string[],
  settings: BatchSettings,
  readBatch: (batch: string[]) => Promise<CandidatesAnswer>,
): Promise<Map<string, WirePaid>> {
  const unique = [...new Set(idNumbers)];
  const answers = await mapWithConcurrency(inBatches(unique, settings.batchSize), settings.batchesInFlight, async (batch) => mergeBatch(batch, await readBatch(batch)));
  return new Map(answers.flat().map((paid) => [paid.idNumber, paid]));
}
