/**
 * The reads the bench times, as the district's users send them (bearer token of the project's
 * token tooling, a declared purpose), and the check that every gateway answers each the same
 * (canonical JSON) before anything is timed.
 */
import { REPORTS_QUERY } from '../contract/pageOperations';
import type { Role } from '../platform/auth/caller';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../platform/auth/tokens';
import type { SeedResident } from '../systems/seed/population';

/** What civil affairs may read of a resident (the permission matrix): benefits from two systems, the registry's name and community, vital status. */
const CIVIL_AFFAIRS_FIELDS =
  'idNumber name community subsistenceAllowance { status monthlyAmount } specialHardship { status } elderlySubsidy { status } disabilitySubsidy { status } vitalStatus { deceased deathDate }';

export interface Read {
  name: string;
  label: string;
  role: Role;
  community?: string;
  query: string;
  variables?: Record<string, unknown>;
}

export const PURPOSE = 'performance benchmark of the resident graph (synthetic data)';

export function benchReads(resident: SeedResident, community: string): Read[] {
  return [
    { name: 'Q1', label: 'Q1 one resident, 4 systems', role: 'civil-affairs', query: `query Q1($id: ID!) { resident(idNumber: $id) { ${CIVIL_AFFAIRS_FIELDS} } }`, variables: { id: resident.idNumber } },
    { name: 'Q2', label: 'Q2 50 residents', role: 'civil-affairs', query: `query Q2 { residents(first: 50) { nodes { ${CIVIL_AFFAIRS_FIELDS} } } }` },
    { name: 'Q3', label: 'Q3 100 residents, registry only', role: 'civil-affairs', query: 'query Q3 { residents(first: 100) { nodes { idNumber name community } } }' },
    { name: 'community', label: "community worker's reports page", role: 'community', community, query: REPORTS_QUERY, variables: { search: null, first: 50 } },
    { name: 'hrss', label: 'hrss list of 50', role: 'hrss', query: 'query HrssList { residents(first: 50) { nodes { idNumber pension { kind status monthlyAmount } insured } } }' },
  ];
}

export interface PreparedRead extends Read {
  headers: Record<string, string>;
  body: string;
}

export async function prepare(read: Read): Promise<PreparedRead> {
  const token = await mintToken(DEVELOPMENT_JWT_SECRET, { role: read.role, community: read.community, subject: 'bench', expiresIn: '2h' });
  return {
    ...read,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': PURPOSE },
    body: JSON.stringify({ query: read.query, variables: read.variables ?? {} }),
  };
}

/** JSON with every object's keys sorted: two gateways' answers compare equal when they mean the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

export async function send(gatewayUrl: string, read: PreparedRead): Promise<{ raw: string; answer: { data?: unknown; errors?: unknown[] } }> {
  const res = await fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers: read.headers, body: read.body });
  const raw = await res.text();
  return { raw, answer: JSON.parse(raw) as { data?: unknown; errors?: unknown[] } };
}

export interface Comparison {
  read: string;
  identical: boolean;
  /** Gateways whose answer differs from the project's (or that answered with errors). */
  differing: string[];
  /** Each gateway's answer as it sent it: what every timed answer must equal. */
  raw: Record<string, string>;
}

/** Sends the read to every gateway; the project's answer (without errors) is the reference. */
export async function compareAnswers(gateways: Record<string, string>, read: PreparedRead): Promise<Comparison> {
  const answers = Object.fromEntries(await Promise.all(Object.entries(gateways).map(async ([name, url]) => [name, await send(url, read)] as const)));
  const reference = answers.project;
  if (!reference || reference.answer.errors || !reference.answer.data) throw new Error(`${read.name}: the project's gateway answered with errors: ${JSON.stringify(reference?.answer.errors ?? null).slice(0, 300)}`);
  const expected = canonical(reference.answer);
  const differing = Object.entries(answers)
    .filter(([, a]) => canonical(a.answer) !== expected)
    .map(([name]) => name);
  return { read: read.name, identical: differing.length === 0, differing, raw: Object.fromEntries(Object.entries(answers).map(([n, a]) => [n, a.raw])) };
}
