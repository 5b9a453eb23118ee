/**
 * The registry's own tables: communities, dwellings (with their occupancy), persons (the actual
 * population: who lives where and whether they still do) and the write log of changes.
 * Seeded from the identity fields and the registry section of the synthetic population only.
 */
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import { COMMUNITIES } from '../seed/communities';
import type { Population } from '../seed/population';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS communities (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  street TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dwellings (
  dwelling_id TEXT PRIMARY KEY,
  community_code TEXT NOT NULL REFERENCES communities(code),
  address TEXT NOT NULL,
  occupancy INTEGER NOT NULL,
  vacant_since TEXT
);
CREATE TABLE IF NOT EXISTS persons (
  id_number TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date TEXT NOT NULL,
  community_code TEXT NOT NULL REFERENCES communities(code),
  dwelling_id TEXT NOT NULL REFERENCES dwellings(dwelling_id),
  status TEXT NOT NULL CHECK (status IN ('RESIDENT', 'MOVED_OUT', 'DECEASED')),
  status_since TEXT,
  moved_to TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS persons_by_dwelling ON persons (dwelling_id);
CREATE INDEX IF NOT EXISTS persons_by_community ON persons (community_code, id_number);
-- The write log: one row per change actually applied. It doubles as the idempotency store
-- (key, hash of the request, the reply to replay) and, through reference, as the import key.
CREATE TABLE IF NOT EXISTS changes (
  change_id INTEGER PRIMARY KEY AUTOINCREMENT,
  id_number TEXT NOT NULL REFERENCES persons(id_number),
  kind TEXT NOT NULL CHECK (kind IN ('DEATH', 'MOVED_OUT')),
  effective_date TEXT NOT NULL,
  reference TEXT NOT NULL UNIQUE,
  destination TEXT,
  source TEXT NOT NULL CHECK (source IN ('api', 'import')),
  previous_status TEXT NOT NULL,
  idempotency_key TEXT UNIQUE,
  request_hash TEXT,
  reply_json TEXT,
  recorded_at TEXT NOT NULL
);
`;

export interface PersonRow {
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  community_code: string;
  dwelling_id: string;
  address: string;
  status: 'RESIDENT' | 'MOVED_OUT' | 'DECEASED';
  status_since: string | null;
  moved_to: string | null;
}

export interface DwellingRow {
  dwelling_id: string;
  community_code: string;
  address: string;
  occupancy: number;
  vacant_since: string | null;
}

export interface CommunityRow {
  code: string;
  name: string;
  street: string;
}

export function seedRegistry(db: SqliteDatabase, { residents, dwellings }: Population): void {
  const community = db.prepare('INSERT INTO communities (code, name, street) VALUES (?, ?, ?)');
  for (const c of COMMUNITIES) community.run(c.code, c.name, c.street);

  const living = new Map<string, number>();
  const lastLeft = new Map<string, string>();
  for (const r of residents) {
    if (r.registry.status === 'RESIDENT') living.set(r.dwellingId, (living.get(r.dwellingId) ?? 0) + 1);
    else if (r.registry.statusSince && r.registry.statusSince > (lastLeft.get(r.dwellingId) ?? '')) lastLeft.set(r.dwellingId, r.registry.statusSince);
  }
  const dwelling = db.prepare('INSERT INTO dwellings (dwelling_id, community_code, address, occupancy, vacant_since) VALUES (?, ?, ?, ?, ?)');
  for (const d of dwellings) {
    const occupancy = living.get(d.dwellingId) ?? 0;
    dwelling.run(d.dwellingId, d.community, d.address, occupancy, occupancy === 0 ? (lastLeft.get(d.dwellingId) ?? null) : null);
  }
  const person = db.prepare(
    'INSERT INTO persons (id_number, name, sex, birth_date, community_code, dwelling_id, status, status_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of residents) person.run(r.idNumber, r.name, r.sex, r.birthDate, r.community, r.dwellingId, r.registry.status, r.registry.statusSince);
}

const PERSON_COLUMNS = `p.id_number, p.name, p.sex, p.birth_date, p.community_code, p.dwelling_id, d.address,
  p.status, p.status_since, p.moved_to FROM persons p JOIN dwellings d ON d.dwelling_id = p.dwelling_id`;

/** Read queries, prepared once per store. */
export function registryQueries(db: SqliteDatabase) {
  const page = db.prepare(`SELECT ${PERSON_COLUMNS} WHERE p.id_number > ? ORDER BY p.id_number LIMIT ?`);
  const count = db.prepare('SELECT COUNT(*) AS n FROM persons');
  const departedPage = db.prepare(`SELECT ${PERSON_COLUMNS} WHERE p.status <> 'RESIDENT' AND p.id_number > ? ORDER BY p.id_number LIMIT ?`);
  const departedCount = db.prepare("SELECT COUNT(*) AS n FROM persons WHERE status <> 'RESIDENT'");
  const one = db.prepare(`SELECT ${PERSON_COLUMNS} WHERE p.id_number = ?`);
  const inCommunity = db.prepare(`SELECT ${PERSON_COLUMNS} WHERE p.community_code = ? ORDER BY p.id_number`);
  const all = db.prepare(`SELECT ${PERSON_COLUMNS} ORDER BY p.id_number`);
  const occupants = db.prepare(`SELECT ${PERSON_COLUMNS} WHERE p.dwelling_id = ? AND p.status = 'RESIDENT' ORDER BY p.id_number`);
  const dwelling = db.prepare('SELECT * FROM dwellings WHERE dwelling_id = ?');
  const communities = db.prepare('SELECT code, name, street FROM communities ORDER BY code');
  const community = db.prepare('SELECT code, name, street FROM communities WHERE code = ?');
  return {
    /** Keyset page: persons with an ID number after `after`, in ID-number order. */
    page: (after: string, limit: number) => page.all(after, limit) as PersonRow[],
    count: () => (count.get() as { n: number }).n,
    /** Keyset page of persons who died or moved away (status other than RESIDENT). */
    departedPage: (after: string, limit: number) => departedPage.all(after, limit) as PersonRow[],
    departedCount: () => (departedCount.get() as { n: number }).n,
    person: (idNumber: string) => one.get(idNumber) as PersonRow | undefined,
    /** Many persons in one statement (callers send at most a few hundred numbers). */
    persons: (idNumbers: readonly string[]) =>
      db.prepare(`SELECT ${PERSON_COLUMNS} WHERE p.id_number IN (${idNumbers.map(() => '?').join(',')}) ORDER BY p.id_number`).all(...idNumbers) as PersonRow[],
    exportRows: (communityCode: string | undefined) => (communityCode ? inCommunity.all(communityCode) : all.all()) as PersonRow[],
    occupants: (dwellingId: string) => occupants.all(dwellingId) as PersonRow[],
    dwelling: (dwellingId: string) => dwelling.get(dwellingId) as DwellingRow | undefined,
    communities: () => communities.all() as CommunityRow[],
    community: (code: string) => community.get(code) as CommunityRow | undefined,
  };
}
export type RegistryQueries = ReturnType<typeof registryQueries>;
