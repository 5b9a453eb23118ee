/**
 * A burst of population-change reports, some in flight at once: the time from sending each to its
 * answer with every delivery final (COMPLETE), the reports accepted per second, and, from the
 * community registry's own records, whether any report was lost or applied twice.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { mapWithConcurrency } from '../platform/concurrency';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../platform/auth/tokens';
import type { SeedResident } from '../systems/seed/population';
import { deathOf } from '../tests/support/reports';

export const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

export interface BurstTimes {
  /** ms from sending to a COMPLETE answer, one per report that completed. */
  times: number[];
  seconds: number;
  /** Reports answered other than COMPLETE (or not at all). */
  notComplete: number;
}

/** Sends every report, `inFlight` at a time; `send` answers the report's final status. */
export async function burst(people: readonly SeedResident[], inFlight: number, send: (person: SeedResident) => Promise<string | undefined>): Promise<BurstTimes> {
  const times: number[] = [];
  let notComplete = 0;
  const started = performance.now();
  await mapWithConcurrency([...people], inFlight, async (person) => {
    const sent = performance.now();
    const status = await send(person).catch(() => undefined);
    if (status === 'COMPLETE') times.push(performance.now() - sent);
    else notComplete++;
  });
  return { times, seconds: (performance.now() - started) / 1000, notComplete };
}

/** Sends a report of the person's death through a gateway, as their community's worker. */
export function gatewayReporter(gatewayUrl: string, purpose: string): (person: SeedResident) => Promise<string | undefined> {
  const tokens = new Map<string, Promise<string>>();
  return async (person) => {
    if (!tokens.has(person.community)) tokens.set(person.community, mintToken(DEVELOPMENT_JWT_SECRET, { role: 'community', community: person.community, subject: 'bench', expiresIn: '2h' }));
    const res = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokens.get(person.community)}`, 'x-purpose': purpose },
      body: JSON.stringify({ query: 'mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id status } }', variables: { input: deathOf(person) } }),
    });
    const body = (await res.json()) as { data?: { reportPopulationChange?: { status?: string } } };
    return body.data?.reportPopulationChange?.status;
  };
}

/** From the community registry stand-in's store: reported residents with no change recorded (lost), and with more than one (duplicated). */
export function registryRecords(systemsDataDir: string, people: readonly SeedResident[]): { lost: number; duplicated: number } {
  const db = new Database(join(systemsDataDir, 'community-registry.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const count = db.prepare('SELECT COUNT(*) AS n FROM changes WHERE id_number = ?');
    const counts = people.map((p) => (count.get(p.idNumber) as { n: number }).n);
    return { lost: counts.filter((n) => n === 0).length, duplicated: counts.filter((n) => n > 1).length };
  } finally {
    db.close();
  }
}
