/**
 * How tests/permissions.test.ts reads each cell of the permission matrix through the gateway:
 * what a role's answer must hold at a path for an access level, and what the seed says a
 * resident's fields are. Kept apart so the test file reads as the matrix.
 */
import { maskIdNumber } from '../../domain/idNumber';
import type { Access } from '../../platform/auth/permissions';
import { plantedCancellations, registrationOf } from '../../systems/household-registration/store';
import { population, type SeedResident } from '../../systems/seed/population';
import type { GraphQLResponse } from './stack';

export type Reply = GraphQLResponse<Record<string, unknown>>;
type Path = (string | number)[];

const samePath = (a: readonly (string | number)[] | undefined, b: Path) => !!a && a.length === b.length && a.every((x, i) => x === b[i]);

export const errorAt = (reply: Reply, path: Path) => reply.errors?.find((e) => samePath(e.path, path));

export function valueAt(reply: Reply, path: Path): unknown {
  let value: unknown = reply.data;
  for (const step of path) value = value === null || value === undefined ? undefined : (value as Record<string | number, unknown>)[step];
  return value;
}

/** The answer holds at `path` what `access` allows: the value (masked for `masked`), or null with FORBIDDEN. */
export function expectCell(reply: Reply, path: Path, access: Access, whole: unknown): void {
  if (access === 'none') {
    expect(valueAt(reply, path) ?? null).toBeNull();
    expect(errorAt(reply, path)?.extensions?.code).toBe('FORBIDDEN');
    return;
  }
  expect(errorAt(reply, path)).toBeUndefined();
  expect(valueAt(reply, path)).toEqual(access === 'masked' && typeof whole === 'string' ? maskIdNumber(whole) : whole);
}

/** Each Resident field of the matrix with the selection that reads it. */
export const RESIDENT_SELECTIONS: Record<string, string> = {
  idNumber: 'idNumber',
  name: 'name',
  sex: 'sex',
  birthDate: 'birthDate',
  address: 'address',
  community: 'community',
  registryStatus: 'registryStatus',
  registryStatusSince: 'registryStatusSince',
  vitalStatus: 'vitalStatus { deceased deathDate }',
  subsistenceAllowance: 'subsistenceAllowance { status }',
  specialHardship: 'specialHardship { status }',
  elderlySubsidy: 'elderlySubsidy { status }',
  disabilitySubsidy: 'disabilitySubsidy { status }',
  pension: 'pension { kind status }',
  insured: 'insured',
  familyPlanningAssistance: 'familyPlanningAssistance { status }',
  householdRegistration: 'householdRegistration { status cancelledOn }',
};

let ownCancellations: Map<string, ReturnType<typeof plantedCancellations>[number]> | undefined;
/** The household registration the stand-in seeds for a resident, as the graph tells it. */
function seededRegistration(r: SeedResident): { status: string; cancelledOn: string | null } {
  ownCancellations ??= new Map(plantedCancellations(population()).map((c) => [c.idNumber, c]));
  const { reason, cancelledOn } = registrationOf(r, ownCancellations);
  return { status: reason === null ? 'REGISTERED' : reason === '10' ? 'CANCELLED_DEATH' : 'CANCELLED_MOVED_OUT', cancelledOn };
}

/** What the seed says each Resident field is, with the selections above. */
export function seededResident(r: SeedResident): Record<string, unknown> {
  const status = (b?: { status: string }) => (b ? { status: b.status } : null);
  const pension = r.socialInsurance.pension;
  return {
    idNumber: r.idNumber,
    name: r.name,
    sex: r.sex === 'M' ? 'MALE' : 'FEMALE',
    birthDate: r.birthDate,
    address: r.address,
    community: r.community,
    registryStatus: r.registry.status,
    registryStatusSince: r.registry.statusSince,
    vitalStatus: { deceased: r.health.deceased, deathDate: r.health.deathDate },
    subsistenceAllowance: status(r.socialAssistance.subsistenceAllowance),
    specialHardship: status(r.socialAssistance.specialHardship),
    elderlySubsidy: status(r.elderlyDisability.elderlySubsidy),
    disabilitySubsidy: status(r.elderlyDisability.disabilitySubsidy),
    pension: pension ? { kind: pension.kind, status: pension.status } : null,
    insured: r.socialInsurance.insured,
    familyPlanningAssistance: status(r.health.familyPlanningAssistance),
    householdRegistration: seededRegistration(r),
  };
}

/**
 * The routes a client can take to the same fields: plainly, under aliases, through a named
 * fragment and through an inline fragment. Each gives the response key a field lands under and
 * the selection set to send (the edge allows 15 aliases, so aliases go in two halves).
 */
export interface Route {
  name: string;
  /** Selection sets, each sent in its own request, with the fragment definitions they need. */
  parts(fields: string[]): Array<{ selection: string; fragments: string }>;
  key(field: string): string;
}

const halves = (fields: string[]) => [fields.slice(0, Math.ceil(fields.length / 2)), fields.slice(Math.ceil(fields.length / 2))];
const sel = (fields: string[], alias = (f: string) => RESIDENT_SELECTIONS[f]) => fields.map(alias).join(' ');

export const ROUTES: Route[] = [
  { name: 'fields', parts: (fields) => [{ selection: sel(fields), fragments: '' }], key: (f) => f },
  { name: 'aliases', parts: (fields) => halves(fields).map((half) => ({ selection: sel(half, (f) => `x_${f}: ${RESIDENT_SELECTIONS[f]}`), fragments: '' })), key: (f) => `x_${f}` },
  { name: 'a named fragment', parts: (fields) => [{ selection: '...Seen', fragments: `fragment Seen on Resident { ${sel(fields)} }` }], key: (f) => f },
  { name: 'an inline fragment', parts: (fields) => [{ selection: `... on Resident { ${sel(fields)} }`, fragments: '' }], key: (f) => f },
];
