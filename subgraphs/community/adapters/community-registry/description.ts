/**
 * What the community registry looks like on the wire: its paths and limits, the JSON it answers
 * with (checked with zod, so a changed protocol fails loudly here and not in a resolver), and
 * its CSV formats. Only this folder knows these shapes.
 */
import { z } from 'zod';
import type { Community, RegisteredPerson } from '../../../../domain/residents';
import { parseCsv, toCsv } from '../../../../platform/csv';

/** Largest page of `GET /registry/persons`. */
export const PAGE_MAX = 200;
/** Most ID numbers one `POST /registry/persons/lookup` may carry. */
export const LOOKUP_MAX = 200;

const q = encodeURIComponent;
export const paths = {
  communities: '/registry/communities',
  persons: (limit: number, after: string | null) => `/registry/persons?limit=${limit}${after ? `&after=${q(after)}` : ''}`,
  departures: (limit: number, after: string | null) => `/registry/persons?status=departed&limit=${limit}${after ? `&after=${q(after)}` : ''}`,
  lookup: '/registry/persons/lookup',
  person: (idNumber: string) => `/registry/persons/${q(idNumber)}`,
  dwelling: (dwellingId: string) => `/registry/dwellings/${q(dwellingId)}`,
  exportCsv: (community: string) => `/registry/export.csv?community=${q(community)}`,
  changes: '/registry/changes',
  import: '/registry/import',
};

const RegistryStatus = z.enum(['RESIDENT', 'MOVED_OUT', 'DECEASED']);

export const WirePerson = z.object({
  idNumber: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  communityCode: z.string(),
  dwellingId: z.string(),
  address: z.string(),
  status: RegistryStatus,
  statusSince: z.string().nullable(),
  movedTo: z.string().nullable(),
});
export type WirePerson = z.output<typeof WirePerson>;

export const WirePage = z.object({ items: z.array(WirePerson), nextAfter: z.string().nullable(), total: z.number().int().min(0) });
export const WireLookup = z.object({ items: z.array(WirePerson) });
export const WireCommunities = z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), street: z.string() })) });

const WireOccupancy = z.object({ dwellingId: z.string(), occupancy: z.number().int().min(0), vacantSince: z.string().nullable() });
export const WireDwelling = WireOccupancy.extend({ communityCode: z.string(), address: z.string(), occupants: z.array(WirePerson) });

export const WireChangeReply = z.object({ changeId: z.number().int(), dwelling: WireOccupancy });

/** A 404/409/422 reply to a change: `error` says which rule refused it. */
export const WireRefusal = z.object({
  error: z.string(),
  changeId: z.number().int().optional(),
  currentStatus: RegistryStatus.optional(),
  statusSince: z.string().nullable().optional(),
});

export const WireImportSummary = z.object({
  results: z.array(
    z.object({
      row: z.number().int(),
      reference: z.string().nullable(),
      result: z.enum(['applied', 'duplicate', 'rejected']),
      changeId: z.number().int().optional(),
      error: z.string().optional(),
    }),
  ),
});

export function toRegisteredPerson(w: WirePerson): RegisteredPerson {
  return {
    idNumber: w.idNumber,
    name: w.name,
    sex: w.sex,
    birthDate: w.birthDate,
    community: w.communityCode,
    dwellingId: w.dwellingId,
    address: w.address,
    status: w.status,
    statusSince: w.statusSince,
  };
}

export function toCommunity(w: z.output<typeof WireCommunities>['items'][number]): Community {
  return { code: w.code, name: w.name, street: w.street };
}

/**
 * The export's rows as wire persons, columns found by header name (the registry may add
 * columns). Throws when a column the adapter needs is missing or a value breaks the protocol.
 */
export function parseExport(csv: string): WirePerson[] {
  const [header, ...rows] = parseCsv(csv, { restoreFormulas: true });
  const columns = WirePerson.keyof().options;
  const missing = columns.filter((c) => !header?.includes(c));
  if (!header || missing.length) throw new Error(`the export lacks the columns ${missing.join(', ')}`);
  return rows.map((fields) =>
    WirePerson.parse(Object.fromEntries(columns.map((c) => {
      const value = fields[header.indexOf(c)] ?? '';
      // CSV has no null: an empty optional cell is one.
      return [c, value === '' && (c === 'statusSince' || c === 'movedTo') ? null : value];
    }))),
  );
}

/** Columns of `POST /registry/import`; the reference keys each row, so a re-import is a no-op. */
export const IMPORT_HEADER = ['reference', 'idNumber', 'kind', 'effectiveDate', 'destination'] as const;

export function importCsv(rows: readonly { reference: string; idNumber: string; kind: string; effectiveDate: string; destination?: string }[]): string {
  return toCsv(IMPORT_HEADER, rows.map((r) => [r.reference, r.idNumber, r.kind, r.effectiveDate, r.destination ?? '']));
}
