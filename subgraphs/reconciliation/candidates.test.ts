/**
 * Reconciliation's batch read of its candidates: each resident once in batches of the configured
 * size, no more batches in flight than configured, the departments' parts merged per resident,
 * and an answer that does not line up with the batch refused rather than misattributed.
 */
import { PAYMENT_SOURCES, type CandidatesAnswer } from '../../contract/reconciliationEvidence';
import { inBatches, mergeBatch, MisalignedAnswerError, readPayments } from './candidates';

const ACTIVE = { status: 'ACTIVE', monthlyAmount: 600, since: '2020-01-01' };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${String(i).padStart(4, '0')}`);

/** What the departments answer for a batch: civil affairs pays every resident, the others nobody. */
function answerFor(batch: readonly string[]): CandidatesAnswer {
  return {
    civilAffairsReconciliationCandidates: batch.map((idNumber) => ({ idNumber, subsistenceAllowance: ACTIVE, specialHardship: null, elderlySubsidy: null, disabilitySubsidy: null })),
    hrssReconciliationCandidates: batch.map((idNumber) => ({ idNumber, pension: null })),
    healthReconciliationCandidates: batch.map((idNumber) => ({ idNumber, familyPlanningAssistance: null })),
  };
}

describe('inBatches', () => {
  it('cuts a list into consecutive batches of at most the size, the last one shorter', () => {
    expect(inBatches(ids(5), 2)).toEqual([ids(2), ids(4).slice(2), ids(5).slice(4)]);
    expect(inBatches([], 100)).toEqual([]);
  });

  it('refuses a batch size that is not a whole number of at least 1', () => {
    expect(() => inBatches(ids(3), 0)).toThrow(/at least 1, but got 0/);
  });
});

describe('readPayments', () => {
  it('reads each resident once, in batches of the configured size, however often they are named', async () => {
    const asked: string[][] = [];
    const named = [...ids(250), ...ids(250).slice(0, 40)];
    const payments = await readPayments(named, { batchSize: 100, batchesInFlight: 3 }, async (batch) => {
      asked.push(batch);
      return answerFor(batch);
    });
    expect(asked.map((b) => b.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(asked.flat().sort()).toEqual(ids(250));
    expect(payments.size).toBe(250);
    expect(payments.get('id-0007')).toMatchObject({ idNumber: 'id-0007', subsistenceAllowance: ACTIVE, pension: null, familyPlanningAssistance: null });
  });

  it('has no more batches in flight than configured', async () => {
    const waiting: Array<() => void> = [];
    let inFlight = 0;
    let most = 0;
    const read = readPayments(ids(1000), { batchSize: 100, batchesInFlight: 3 }, async (batch) => {
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight--;
      return answerFor(batch);
    });
    // Release the batches one by one as they arrive: each release lets at most one more start.
    let released = 0;
    while (released < 10) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = waiting.shift();
      if (next) {
        next();
        released++;
      }
    }
    expect((await read).size).toBe(1000);
    expect(most).toBe(3);
  });

  it('fails the whole read when one batch fails (never a partial reconciliation)', async () => {
    const failure = new Error('SOCIAL_INSURANCE could not be read');
    await expect(readPayments(ids(300), { batchSize: 100, batchesInFlight: 2 }, async (batch) => (batch[0] === 'id-0100' ? Promise.reject(failure) : answerFor(batch)))).rejects.toBe(
      failure,
    );
  });
});

describe('mergeBatch', () => {
  it.each(PAYMENT_SOURCES.map((s) => s.field))('refuses an answer of %s for other residents or in another order, without naming any', (field) => {
    const batch = ids(3);
    const answer = answerFor(batch);
    answer[field] = [...answer[field]!].reverse();
    expect(() => mergeBatch(batch, answer)).toThrow(MisalignedAnswerError);
    expect(() => mergeBatch(batch, answer)).toThrow(new RegExp(`^${field} answered residents other than the batch`));
    answer[field] = answer[field]!.slice(1);
    expect(() => mergeBatch(batch, answer)).toThrow(MisalignedAnswerError);
  });
});
