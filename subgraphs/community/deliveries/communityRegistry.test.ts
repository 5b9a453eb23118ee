/**
 * The community's delivery run by the real delivery worker over a real SQLite intake store,
 * against the registry stand-in over HTTP: a registry that answers a conflict ends the delivery
 * after one attempt with its reason; a registry that already holds the same fact is
 * NOT_APPLICABLE with no write; a timeout is still retried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryWorker } from '../../../platform/delivery/worker';
import { HttpClient } from '../../../platform/http/client';
import { createSqliteIntakeStore } from '../../../platform/intake';
import type { Intake, IntakeStore } from '../../../platform/intake/types';
import { createLogger } from '../../../platform/logger';
import { declaredFields, intakeOf, producedFields, residentsWhere } from '../../../tests/support/deliveryIntakes';
import { communityRegistryStandIn } from '../../../systems/community-registry/standIn';
import { population, type SeedResident } from '../../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../../tests/support/standIns';
import { CommunityRegistryAdapter } from '../adapters/community-registry';
import { communityRegistryDelivery } from './communityRegistry';

describe('the community registry delivery: definitive answers end it, what can change is retried', () => {
  let registry: StartedStandIn;
  let dir: string;
  let store: IntakeStore;
  const people = residentsWhere((r) => r.community === '510114002001');

  const worker = (timeoutMs = 2000) =>
    new DeliveryWorker(
      store,
      [communityRegistryDelivery(new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: registry.url, timeoutMs, backoffBaseMs: 1 })))],
      createLogger('test', 'silent'),
      { consumer: 'test', maxAttempts: 8, backoffBaseMs: 1, backoffMaxMs: 2 },
    );
  const stored = async (person: SeedResident, kind: 'DEATH' | 'MOVED_OUT', id: string): Promise<Intake> => {
    const { change, inputHash, reportedBy } = intakeOf(person, kind, id);
    const created = await store.createIntake(change.idempotencyKey, { change, inputHash, reportedBy, systems: ['COMMUNITY_REGISTRY'] });
    if (created.outcome !== 'created') throw new Error('expected a new intake');
    return created.intake;
  };
  const delivery = async (intakeId: string) => (await store.getIntake(intakeId))!.deliveries[0];
  const forms = async (intakeId: string) => (await store.getIntake(intakeId))!.forms;
  const writtenUnder = (reference: string) => (registry.ctx.db.prepare('SELECT COUNT(*) AS n FROM changes WHERE reference = ?').get(reference) as { n: number }).n;
  const changeRequests = () => registry.ctx.stats.snapshot().byKind.change ?? 0;
  const setFault = (settings: Record<string, unknown>) =>
    fetch(`${registry.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });

  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
  });
  afterAll(() => registry.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'registry-delivery-'));
    store = createSqliteIntakeStore(join(dir, 'intake.sqlite'));
    registry.ctx.stats.reset();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a death for a resident the registry records MOVED_OUT: FAILED after one attempt with the registry\'s reason and date, nothing written', async () => {
    const movedOut = population().residents.find((r) => r.registry.status === 'MOVED_OUT' && r.registry.statusSince)!;
    const intake = await stored(movedOut, 'DEATH', 'int_reg_conflict');
    const w = worker();
    expect(await w.runOnce()).toBe(1);
    expect(await w.runOnce()).toBe(0); // not scheduled again: the answer is final
    const failed = await delivery(intake.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(failed.lastError).toContain(`the resident is recorded MOVED_OUT since ${movedOut.registry.statusSince}`);
    expect(failed.lastError).toMatch(/^REFUSED: The community registry \(COMMUNITY_REGISTRY\) refused the change/);
    expect(failed.lastError).not.toContain(movedOut.idNumber);
    expect(changeRequests()).toBe(1);
    expect(writtenUnder(intake.id)).toBe(0);
    expect(await forms(intake.id)).toEqual([]);
  });

  it('a death the registry already holds from another channel: NOT_APPLICABLE, no write, no forms', async () => {
    const person = people[0];
    // A clerk's CSV import recorded the death first.
    const adapter = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: registry.url }));
    expect(await adapter.importChanges([{ idNumber: person.idNumber, kind: 'DEATH', effectiveDate: '2026-10-03', reference: 'clerk-import-1' }])).toEqual([expect.objectContaining({ result: 'applied' })]);
    registry.ctx.stats.reset();

    const intake = await stored(person, 'DEATH', 'int_reg_same_fact');
    await worker().runOnce();
    expect(await delivery(intake.id)).toMatchObject({ status: 'NOT_APPLICABLE', attempts: 1, lastError: null });
    expect(await forms(intake.id)).toEqual([]);
    expect(writtenUnder(intake.id)).toBe(0);
    // The one change request was the registry's refusal; its write log holds only the clerk's change.
    expect(changeRequests()).toBe(1);
    expect((registry.ctx.db.prepare('SELECT COUNT(*) AS n FROM changes WHERE id_number = ?').get(person.idNumber) as { n: number }).n).toBe(1);
  });

  it('a timeout is retried, and the delivery completes with one write once the registry answers', async () => {
    const person = people[1];
    const intake = await stored(person, 'MOVED_OUT', 'int_reg_timeout');
    await setFault({ mode: 'slow', latencyMs: 1500 });
    try {
      await worker(200).runOnce();
      expect(await delivery(intake.id)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringContaining('SYSTEM_TIMEOUT') });
    } finally {
      await setFault({ mode: 'none' });
    }
    const w = worker();
    for (let i = 0; i < 200 && (await delivery(intake.id)).status === 'PENDING'; i++) {
      await w.runOnce();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await delivery(intake.id)).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    expect((await forms(intake.id)).map((f) => f.type).sort()).toEqual(['HOUSING_OCCUPANCY_UPDATE', 'POPULATION_CHANGE_REGISTER']);
    expect(producedFields(await forms(intake.id))).toEqual(declaredFields(await forms(intake.id)));
    expect(writtenUnder(intake.id)).toBe(1);
  });
});
