/**
 * benefitAnomalies finds every disagreement planted in the stand-ins (dead or gone in one
 * system, still paid by another) and nothing else, with the amount at stake, reading each
 * system through its own department in batches.
 */
import { maskIdNumber } from '../domain/idNumber';
import { monthsAfter } from '../domain/reconciliation';
import { shanghaiToday } from '../domain/period';
import { SYSTEM_NAMES } from '../domain/systems';
import { plantedCancellations } from '../systems/household-registration/store';
import { population } from '../systems/seed/population';
import { departures, EVIDENCE_QUERY, type EvidenceAnswer } from '../subgraphs/reconciliation/evidence';
import { RECONCILIATION_SYSTEM_TIMEOUT_MS, startStack, type Stack } from './support/stack';

interface Anomaly {
  resident: { idNumber: string; name: string };
  evidence: { system: string; event: string; date: string };
  paidBy: string;
  benefit: string;
  monthlyAmount: number;
  monthsOverpaid: number;
  estimatedOverpayment: number;
}

describe('benefitAnomalies', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ systemTimeoutMs: RECONCILIATION_SYSTEM_TIMEOUT_MS });
  }, 60_000);
  afterAll(() => stack?.close());

  it('lists every seeded disagreement and nothing else, with the estimated overpayment', async () => {
    // The residents some evidence list names (read first, so its calls stay out of the count below): each is a candidate once.
    const lists = await stack.query<EvidenceAnswer>(EVIDENCE_QUERY, undefined, await stack.serviceToken());
    const candidates = departures(lists.data!).size;
    const before = Object.fromEntries(await Promise.all(SYSTEM_NAMES.map(async (s) => [s, (await stack.stats(s)).byKind] as const)));
    const res = await stack.query<{ benefitAnomalies: Anomaly[] }>(
      '{ benefitAnomalies { resident { idNumber name } evidence { system event date } paidBy benefit monthlyAmount monthsOverpaid estimatedOverpayment } }',
    );
    expect(res.errors).toBeUndefined();
    const found = res.data!.benefitAnomalies;
    const today = shanghaiToday();
    // Supervision recognises residents by their masked ID number (and name), it never sees them whole.
    // The population's disagreements, and household registration's own: deaths only the police recorded.
    const planted = [
      ...population().disagreements,
      ...plantedCancellations(population()).map((c) => ({ ...c, recordedBy: 'HOUSEHOLD_REGISTRATION', event: 'DEATH', eventDate: c.cancelledOn, paidBy: 'SOCIAL_ASSISTANCE', benefit: 'SUBSISTENCE_ALLOWANCE' })),
    ];
    const expected = planted.map((d) => ({
      idNumber: maskIdNumber(d.idNumber),
      evidence: { system: d.recordedBy, event: d.event, date: d.eventDate },
      paidBy: d.paidBy,
      benefit: d.benefit,
      monthlyAmount: d.monthlyAmount,
      monthsOverpaid: monthsAfter(d.eventDate, today),
      estimatedOverpayment: d.monthlyAmount * monthsAfter(d.eventDate, today),
    }));
    // Two residents may share a masked number: order by the whole row.
    const key = (a: object) => JSON.stringify(Object.entries(a).sort());
    expect(found.map(({ resident, ...rest }) => ({ idNumber: resident.idNumber, ...rest })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      expected.sort((a, b) => key(a).localeCompare(key(b))),
    );
    // The resident's other fields come from the departments through the same graph (joined on the sealed key, not the masked number).
    const names = new Map<string, string[]>();
    for (const r of population().residents) names.set(maskIdNumber(r.idNumber), [...(names.get(maskIdNumber(r.idNumber)) ?? []), r.name]);
    for (const a of found) expect(names.get(a.resident.idNumber)).toContain(a.resident.name);

    // Batched: the lists are read once; the candidates' payments in batches of 100 candidates, each candidate once, not one call each.
    const after = Object.fromEntries(await Promise.all(SYSTEM_NAMES.map(async (s) => [s, (await stack.stats(s)).byKind] as const)));
    const delta = (s: string, kind: string) => ((after[s] as Record<string, number>)[kind] ?? 0) - ((before[s] as Record<string, number>)[kind] ?? 0);
    expect(candidates).toBeGreaterThan(100);
    expect(delta('SOCIAL_ASSISTANCE', 'batch-lookup')).toBe(Math.ceil(candidates / 100));
    // The SOAP system has no batch: one record per candidate, however many lists name them.
    expect(delta('ELDERLY_DISABILITY_SUBSIDY', 'GetSubsidyRecord')).toBe(candidates);
    expect(delta('SOCIAL_ASSISTANCE', 'recipient-lookup')).toBe(0);
    expect(delta('HEALTH_PLATFORM', 'patient-read')).toBe(0);
    expect(delta('COMMUNITY_REGISTRY', 'person')).toBe(0);
  });

  it('fails loudly, naming the system, rather than answer a partial reconciliation', async () => {
    await stack.fault('SOCIAL_INSURANCE', { mode: 'down' });
    try {
      const res = await stack.query('{ benefitAnomalies { paidBy } }');
      expect(res.data?.benefitAnomalies ?? null).toBeNull();
      expect(res.errors?.[0].message).toMatch(/SOCIAL_INSURANCE could not be read/);
    } finally {
      await stack.fault('SOCIAL_INSURANCE', { mode: 'none' });
    }
  });
});
