/**
 * The health platform's SQLite store: each resource kept as its FHIR JSON (without id and meta)
 * with a version, plus the columns searches need. Every accepted update that changed something
 * adds a row to `writes` (the version history tests count).
 */
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import { preparedStatements, type Prepared } from '../shared/statements';
import type { Population, SeedBenefit, SeedResident } from '../seed/population';
import { CITIZEN_ID_SYSTEM, FAMILY_PLANNING_CODE, MONTHLY_AMOUNT_EXTENSION, PROGRAMME_SYSTEM, type EpisodeOfCare, type EpisodeStatus, type FhirResource, type Patient } from './fhir';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS patients (
  id TEXT PRIMARY KEY,
  id_number TEXT NOT NULL UNIQUE,
  deceased INTEGER NOT NULL,
  version_id INTEGER NOT NULL,
  last_updated TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS episodes (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients(id),
  type_code TEXT NOT NULL,
  status TEXT NOT NULL,
  version_id INTEGER NOT NULL,
  last_updated TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS episodes_by_patient ON episodes (patient_id);
CREATE TABLE IF NOT EXISTS writes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  version_id INTEGER NOT NULL,
  json TEXT NOT NULL,
  written_at TEXT NOT NULL
);
`;

export type ResourceType = 'Patient' | 'EpisodeOfCare';
const TABLE: Record<ResourceType, string> = { Patient: 'patients', EpisodeOfCare: 'episodes' };

export interface StoredResource<R extends FhirResource> {
  id: string;
  versionId: number;
  lastUpdated: string;
  resource: R;
}

interface Row {
  id: string;
  version_id: number;
  last_updated: string;
  json: string;
}

function seedPatient(r: SeedResident): Patient {
  return {
    resourceType: 'Patient',
    identifier: [{ use: 'official', system: CITIZEN_ID_SYSTEM, value: r.idNumber }],
    name: [{ use: 'official', text: r.name, family: r.name.slice(0, 1), given: [r.name.slice(1)] }],
    gender: r.sex === 'M' ? 'male' : 'female',
    birthDate: r.birthDate,
    ...(r.health.deceased ? { deceasedDateTime: r.health.deathDate! } : { deceasedBoolean: false }),
  };
}

const EPISODE_STATUS: Record<SeedBenefit['status'], EpisodeStatus> = { ACTIVE: 'active', SUSPENDED: 'onhold', STOPPED: 'finished' };

function seedEpisode(patientId: string, b: SeedBenefit): EpisodeOfCare {
  return {
    resourceType: 'EpisodeOfCare',
    extension: [{ url: MONTHLY_AMOUNT_EXTENSION, valueMoney: { value: b.monthlyAmount, currency: 'CNY' } }],
    status: EPISODE_STATUS[b.status],
    type: [{ coding: [{ system: PROGRAMME_SYSTEM, code: FAMILY_PLANNING_CODE, display: '计划生育特别扶助' }] }],
    patient: { reference: `Patient/${patientId}` },
    period: { start: b.since, ...(b.stoppedOn ? { end: b.stoppedOn } : {}) },
  };
}

/** Every resident has a Patient (the platform's population index); enrolled ones an EpisodeOfCare. */
export function seedHealthPlatform(db: SqliteDatabase, population: Population): void {
  const at = new Date().toISOString();
  const patient = db.prepare('INSERT INTO patients (id, id_number, deceased, version_id, last_updated, json) VALUES (?, ?, ?, 1, ?, ?)');
  const episode = db.prepare('INSERT INTO episodes (id, patient_id, type_code, status, version_id, last_updated, json) VALUES (?, ?, ?, ?, 1, ?, ?)');
  let episodes = 0;
  population.residents.forEach((r, i) => {
    // Opaque logical ids: the citizen ID number is an identifier, never a resource id (it would leak into URLs and logs).
    const id = `pat-${String(i + 1).padStart(6, '0')}`;
    patient.run(id, r.idNumber, r.health.deceased ? 1 : 0, at, JSON.stringify(seedPatient(r)));
    const fpa = r.health.familyPlanningAssistance;
    if (fpa) {
      const resource = seedEpisode(id, fpa);
      episode.run(`eoc-${String(++episodes).padStart(6, '0')}`, id, FAMILY_PLANNING_CODE, resource.status, at, JSON.stringify(resource));
    }
  });
}

function toStored<R extends FhirResource>(row: Row): StoredResource<R> {
  const body = JSON.parse(row.json) as R;
  const { resourceType, ...rest } = body;
  const resource = { resourceType, id: row.id, meta: { versionId: String(row.version_id), lastUpdated: row.last_updated }, ...rest } as R;
  return { id: row.id, versionId: row.version_id, lastUpdated: row.last_updated, resource };
}

export interface PatientQuery {
  idNumbers?: readonly string[];
  deceased?: boolean;
}

export interface EpisodeQuery {
  idNumbers?: readonly string[];
  typeCode?: string;
  statuses?: readonly string[];
}

export class HealthStore {
  private readonly sql: Prepared;

  constructor(readonly db: SqliteDatabase) {
    this.sql = preparedStatements(db);
  }

  searchPatients(q: PatientQuery, count: number, offset: number): { total: number; items: StoredResource<Patient>[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.idNumbers) {
      where.push('id_number IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(q.idNumbers));
    }
    if (q.deceased !== undefined) {
      where.push('deceased = ?');
      args.push(q.deceased ? 1 : 0);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { n } = this.sql(`SELECT COUNT(*) AS n FROM patients ${clause}`).get(...args) as { n: number };
    const rows = this.sql(`SELECT * FROM patients ${clause} ORDER BY id LIMIT ? OFFSET ?`).all(...args, count, offset) as Row[];
    return { total: n, items: rows.map((r) => toStored<Patient>(r)) };
  }

  searchEpisodes(q: EpisodeQuery, count: number, offset: number): { total: number; items: StoredResource<EpisodeOfCare>[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.idNumbers) {
      where.push('p.id_number IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(q.idNumbers));
    }
    if (q.typeCode !== undefined) {
      where.push('e.type_code = ?');
      args.push(q.typeCode);
    }
    if (q.statuses) {
      where.push('e.status IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify(q.statuses));
    }
    const clause = `FROM episodes e JOIN patients p ON p.id = e.patient_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const { n } = this.sql(`SELECT COUNT(*) AS n ${clause}`).get(...args) as { n: number };
    const rows = this.sql(`SELECT e.* ${clause} ORDER BY e.id LIMIT ? OFFSET ?`).all(...args, count, offset) as Row[];
    return { total: n, items: rows.map((r) => toStored<EpisodeOfCare>(r)) };
  }

  read<R extends FhirResource>(type: ResourceType, id: string): StoredResource<R> | null {
    const row = this.sql(`SELECT * FROM ${TABLE[type]} WHERE id = ?`).get(id) as Row | undefined;
    return row ? toStored<R>(row) : null;
  }

  /** The stored JSON (no id, no meta) of a resource, for "is this PUT a change?" comparisons. */
  content(type: ResourceType, id: string): string | null {
    const row = this.sql(`SELECT json FROM ${TABLE[type]} WHERE id = ?`).get(id) as { json: string } | undefined;
    return row?.json ?? null;
  }

  idNumberOf(patientId: string): string | null {
    const row = this.sql('SELECT id_number FROM patients WHERE id = ?').get(patientId) as { id_number: string } | undefined;
    return row?.id_number ?? null;
  }

  /** Stores a new version and its history row; `columns` are the searchable values it implies. */
  saveVersion(type: ResourceType, id: string, content: FhirResource, columns: { deceased?: boolean; status?: string }): number {
    const at = new Date().toISOString();
    const json = JSON.stringify(content);
    const { version_id } = this.sql(`SELECT version_id FROM ${TABLE[type]} WHERE id = ?`).get(id) as { version_id: number };
    const next = version_id + 1;
    if (type === 'Patient') {
      this.sql('UPDATE patients SET json = ?, deceased = ?, version_id = ?, last_updated = ? WHERE id = ?').run(json, columns.deceased ? 1 : 0, next, at, id);
    } else {
      this.sql('UPDATE episodes SET json = ?, status = ?, version_id = ?, last_updated = ? WHERE id = ?').run(json, columns.status, next, at, id);
    }
    this.sql('INSERT INTO writes (resource_type, resource_id, version_id, json, written_at) VALUES (?, ?, ?, ?, ?)').run(type, id, next, json, at);
    return next;
  }
}
