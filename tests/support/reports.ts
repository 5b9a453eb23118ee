/** Building and sending population-change reports through the gateway in tests. */
import { randomUUID } from 'node:crypto';
import { shanghaiToday } from '../../domain/period';
import type { SeedResident } from '../../systems/seed/population';
import type { GraphQLResponse, Stack } from './stack';

export const INTAKE_FIELDS = `id status createdAt
  change { kind name effectiveDate community resident { idNumber } }
  deliveries { system status attempts lastError }
  forms { id type department number title effectiveDate fields { name value } }`;

export interface IntakeResult {
  id: string;
  status: 'COMPLETE' | 'IN_PROGRESS' | 'NEEDS_ATTENTION';
  deliveries: { system: string; status: string; attempts: number; lastError: string | null }[];
  forms: { id: string; type: string; department: string; fields: { name: string; value: string | null }[] }[];
}

export function deathOf(r: SeedResident, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: `test-${randomUUID()}`,
    kind: 'DEATH',
    idNumber: r.idNumber,
    name: r.name,
    effectiveDate: shanghaiToday(),
    community: r.community,
    death: { place: '新都区人民医院', certificateNumber: 'D2026-0001' },
    ...overrides,
  };
}

export function moveOf(r: SeedResident, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: `test-${randomUUID()}`,
    kind: 'MOVED_OUT',
    idNumber: r.idNumber,
    name: r.name,
    effectiveDate: shanghaiToday(),
    community: r.community,
    move: { destination: '成都市武侯区', destinationDivisionCode: '510107' },
    ...overrides,
  };
}

export async function report(stack: Stack, input: Record<string, unknown>, community = input.community as string): Promise<GraphQLResponse<{ reportPopulationChange: IntakeResult }>> {
  const token = await stack.token('community', community);
  return stack.query(`mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { ${INTAKE_FIELDS} } }`, { input }, token);
}

export async function readIntake(stack: Stack, id: string): Promise<IntakeResult> {
  const res = await stack.query<{ intake: IntakeResult }>(`query($id: ID!) { intake(id: $id) { ${INTAKE_FIELDS} } }`, { id });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.intake;
}

/** Polls intake(id) until `done` holds or the time runs out; returns the last reading. */
export async function waitForIntake(stack: Stack, id: string, done: (i: IntakeResult) => boolean, timeoutMs = 20_000): Promise<IntakeResult> {
  const deadline = Date.now() + timeoutMs;
  let last = await readIntake(stack, id);
  while (!done(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await readIntake(stack, id);
  }
  return last;
}

export const statusBySystem = (i: IntakeResult) => Object.fromEntries(i.deliveries.map((d) => [d.system, d.status]));
export const formTypes = (i: IntakeResult) => i.forms.map((f) => f.type).sort();
