/**
 * Test fixtures for the intake store contract: synthetic changes (made-up names, ID numbers from
 * makeIdNumber) and small helpers. Used by tests only.
 */
import { createHash } from 'node:crypto';
import { makeIdNumber } from '../../domain/idNumber';
import type { PopulationChange } from '../../domain/populationChange';
import { SYSTEM_NAMES, type SystemName } from '../../domain/systems';
import type { ClaimedDelivery, IntakeStore, NewForm, NewIntake } from '../../platform/intake/types';

export const COMMUNITY_A = '110101001001';
export const COMMUNITY_B = '110101001002';

let sequence = 0;

export interface ChangeOptions {
  effectiveDate?: string;
  community?: string;
  systems?: readonly SystemName[];
  /** Another place of death: the same key with it is another input. */
  place?: string;
}

/** A fresh idempotency key and a synthetic death report under it. */
export function newReport(options: ChangeOptions = {}): { key: string; input: NewIntake } {
  sequence += 1;
  const key = `test-key-${process.pid}-${Date.now()}-${sequence}`;
  const change: PopulationChange = {
    idempotencyKey: key,
    kind: 'DEATH',
    idNumber: makeIdNumber('110101', '1938-04-12', sequence % 1000),
    name: 'Test Resident',
    effectiveDate: options.effectiveDate ?? '2024-03-15',
    community: options.community ?? COMMUNITY_A,
    death: { place: options.place ?? 'Synthetic Hospital', certificateNumber: null },
    move: null,
  };
  return { key, input: withChange(change, options.systems ?? SYSTEM_NAMES) };
}

/** The same report with another change (its hash follows the change, as the mutation computes it). */
export function withChange(change: PopulationChange, systems: readonly SystemName[] = SYSTEM_NAMES): NewIntake {
  // JSON drops the undefined key: the hash covers the input without its idempotency key.
  const inputHash = createHash('sha256').update(JSON.stringify({ ...change, idempotencyKey: undefined })).digest('hex');
  return { change, inputHash, reportedBy: 'test-community-worker', systems };
}

export const REGISTRY_FORMS: NewForm[] = [
  { type: 'POPULATION_CHANGE_REGISTER', department: 'community', payload: { register: 'entry', by: 'first' } },
  { type: 'HOUSING_OCCUPANCY_UPDATE', department: 'community', payload: { occupantsBefore: 3, occupantsAfter: 2 } },
];
export const HEALTH_FORMS: NewForm[] = [{ type: 'DEATH_REGISTRATION_REPORT', department: 'health', payload: { place: 'Synthetic Hospital' } }];

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims and expects exactly one delivery (the test's own store space has only its own data). */
export async function claimOne(store: IntakeStore, system: SystemName, consumer: string, leaseMs = 60_000): Promise<ClaimedDelivery> {
  const claims = await store.claimDeliveries(system, consumer, 10, leaseMs);
  if (claims.length !== 1) throw new Error(`expected one claim of ${system} for ${consumer}, got ${claims.length}`);
  return claims[0];
}

/** Creates an intake (expects a new one) and returns its id. */
export async function created(store: IntakeStore, report: { key: string; input: NewIntake }): Promise<string> {
  const result = await store.createIntake(report.key, report.input);
  if (result.outcome !== 'created') throw new Error(`expected a new intake, got ${result.outcome}`);
  return result.intake.id;
}
