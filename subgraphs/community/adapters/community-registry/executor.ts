/**
 * Talks to the community registry through the shared HttpClient and hands back domain types:
 * pages become {persons, nextAfter, total}, lookups a Map by ID number, CSV exports persons,
 * and a change's HTTP outcome (201, replay, 404/409/422) a domain-level result or rejection.
 */
import type { z } from 'zod';
import type { Community, RegisteredPerson, RegistryStatus } from '../../../../domain/residents';
import { mapWithConcurrency } from '../../../../platform/concurrency';
import { DefinitiveRejection, UpstreamError } from '../../../../platform/errors';
import { assertClientFor, type HttpClient, type HttpResponse } from '../../../../platform/http/client';
import {
  LOOKUP_MAX,
  PAGE_MAX,
  WireChangeReply,
  WireCommunities,
  WireDwelling,
  WireImportSummary,
  WireLookup,
  WirePage,
  WirePerson,
  WireRefusal,
  importCsv,
  parseExport,
  paths,
  toCommunity,
  toRegisteredPerson,
} from './description';

export interface PersonPage {
  persons: RegisteredPerson[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
  /** Persons in the registry, whatever their status. */
  total: number;
}

/** A death or a move, as the registry records it. */
export interface RegistryChange {
  idNumber: string;
  kind: 'DEATH' | 'MOVED_OUT';
  /** YYYY-MM-DD the person died or left. */
  effectiveDate: string;
  /** Our reference for the change (the intake id): the registry keeps it unique. */
  reference: string;
  /** Where the person moved to (MOVED_OUT only). */
  destination?: string;
}

export interface DwellingOccupancy {
  dwellingId: string;
  /** Residents still living there; 0 means the change emptied the dwelling. */
  occupancy: number;
  vacantSince: string | null;
}

export interface RecordedChange {
  /** applied: written now; replayed: the same key and change were written before; already_recorded: the registry already shows it. */
  outcome: 'applied' | 'replayed' | 'already_recorded';
  /** The change's id in the registry's write log, when the registry names it; null for already_recorded: recorded through another channel (the status already holds). */
  changeId: string | null;
  /** The dwelling after the change; null when the change was recorded before. */
  dwelling: DwellingOccupancy | null;
}

export interface Dwelling extends DwellingOccupancy {
  community: string;
  address: string;
  occupants: RegisteredPerson[];
}

export interface ImportedChange {
  reference: string | null;
  result: 'applied' | 'duplicate' | 'rejected';
  /** Why a row was rejected (the registry's rule name, e.g. unknown_person). */
  reason?: string;
}

export type RejectionReason = 'UNKNOWN_PERSON' | 'STATUS_CONFLICT' | 'REFERENCE_IN_USE' | 'IDEMPOTENCY_CONFLICT';

/** What each refusal means, in the words a clerk reconciling the records reads in lastError. */
const REJECTION_WORDS: Record<RejectionReason, string> = {
  UNKNOWN_PERSON: 'no resident with this ID number is registered',
  STATUS_CONFLICT: 'the resident is no longer recorded as living here',
  REFERENCE_IN_USE: 'the intake reference already names a different change',
  IDEMPOTENCY_CONFLICT: 'the idempotency key was already used for a different change',
};

/** The registry refused a change for a business reason: a definitive answer, retrying will not help. */
export class RegistryRejection extends DefinitiveRejection {
  constructor(
    readonly reason: RejectionReason,
    /** The person's status in the registry, for STATUS_CONFLICT. */
    readonly currentStatus?: RegistryStatus,
    /** Since when (YYYY-MM-DD), for STATUS_CONFLICT, when the registry says. */
    readonly statusSince?: string | null,
  ) {
    const state = currentStatus ? `the resident is recorded ${currentStatus}${statusSince ? ` since ${statusSince}` : ''}` : REJECTION_WORDS[reason];
    super('COMMUNITY_REGISTRY', `refused the change: ${state} (${reason})`);
    this.name = 'RegistryRejection';
  }
}

const STATUS_AFTER: Record<RegistryChange['kind'], RegistryStatus> = { DEATH: 'DECEASED', MOVED_OUT: 'MOVED_OUT' };
/** Lookup batches in flight at once when more than LOOKUP_MAX numbers are asked for. */
const LOOKUP_CONCURRENCY = 4;

export class CommunityRegistryAdapter {
  constructor(private readonly http: HttpClient) {
    assertClientFor('COMMUNITY_REGISTRY', http);
  }

  async listPersons({ limit, after }: { limit: number; after?: string | null }): Promise<PersonPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw new RangeError(`limit must be an integer from 1 to ${PAGE_MAX}, but got ${limit}`);
    const res = await this.http.request({ method: 'GET', path: paths.persons(limit, after ?? null), operation: 'listPersons' });
    const page = this.decode(WirePage, res);
    return { persons: page.items.map(toRegisteredPerson), nextAfter: page.nextAfter, total: page.total };
  }

  /** Every person the registry records as dead or moved away, following the pages (PAGE_MAX per call). */
  async listDepartures(): Promise<RegisteredPerson[]> {
    const out: RegisteredPerson[] = [];
    let after: string | null = null;
    do {
      const res = await this.http.request({ method: 'GET', path: paths.departures(PAGE_MAX, after), operation: 'listDepartures' });
      const page = this.decode(WirePage, res);
      out.push(...page.items.map(toRegisteredPerson));
      after = page.nextAfter;
    } while (after !== null);
    return out;
  }

  /** Persons by ID number, LOOKUP_MAX per call; a number the registry does not know is absent from the map. */
  async lookupMany(idNumbers: readonly string[]): Promise<Map<string, RegisteredPerson>> {
    const unique = [...new Set(idNumbers)];
    const batches: string[][] = [];
    for (let i = 0; i < unique.length; i += LOOKUP_MAX) batches.push(unique.slice(i, i + LOOKUP_MAX));
    const found = new Map<string, RegisteredPerson>();
    const replies = await mapWithConcurrency(batches, LOOKUP_CONCURRENCY, (batch) =>
      this.http.request({ method: 'POST', path: paths.lookup, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idNumbers: batch }), idempotent: true, kind: 'read', operation: 'lookupBatch' }),
    );
    for (const reply of replies) {
      for (const w of this.decode(WireLookup, reply).items) found.set(w.idNumber, toRegisteredPerson(w));
    }
    return found;
  }

  async getPerson(idNumber: string): Promise<RegisteredPerson | null> {
    const res = await this.http.request({ method: 'GET', path: paths.person(idNumber), accept: [404], operation: 'lookup' });
    return res.status === 404 ? null : toRegisteredPerson(this.decode(WirePerson, res));
  }

  /** Where a departed person went, by the registry (null: not moved out, unknown, or no destination recorded). */
  async movedTo(idNumber: string): Promise<string | null> {
    const res = await this.http.request({ method: 'GET', path: paths.person(idNumber), accept: [404], operation: 'lookup' });
    return res.status === 404 ? null : this.decode(WirePerson, res).movedTo;
  }

  async communities(): Promise<Community[]> {
    const res = await this.http.request({ method: 'GET', path: paths.communities, operation: 'communities' });
    return this.decode(WireCommunities, res).items.map(toCommunity);
  }

  async getDwelling(dwellingId: string): Promise<Dwelling | null> {
    const res = await this.http.request({ method: 'GET', path: paths.dwelling(dwellingId), accept: [404], operation: 'dwelling' });
    if (res.status === 404) return null;
    const d = this.decode(WireDwelling, res);
    return { dwellingId: d.dwellingId, community: d.communityCode, address: d.address, occupancy: d.occupancy, vacantSince: d.vacantSince, occupants: d.occupants.map(toRegisteredPerson) };
  }

  /** Every person of a community, through the registry's CSV export (one call however many). */
  async exportCsv(community: string): Promise<RegisteredPerson[]> {
    const res = await this.http.request({ method: 'GET', path: paths.exportCsv(community), operation: 'exportCsv' });
    try {
      return parseExport(res.body).map(toRegisteredPerson);
    } catch {
      throw this.protocolError();
    }
  }

  /**
   * Records a death or a move. The registry de-duplicates on `idempotencyKey`, so the call is
   * retried safely: a retry of a write that did land comes back `replayed`, never twice.
   * @throws RegistryRejection when the registry refuses it (unknown person, conflicting status, key reused)
   */
  async recordChange(change: RegistryChange, idempotencyKey: string): Promise<RecordedChange> {
    const res = await this.http.request({
      method: 'POST',
      path: paths.changes,
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(change),
      idempotent: true,
      accept: [404, 409, 422],
      operation: 'recordChange',
    });
    if (res.status === 201) {
      const reply = this.decode(WireChangeReply, res);
      const outcome = res.headers.get('idempotent-replayed') === 'true' ? 'replayed' : 'applied';
      return { outcome, changeId: String(reply.changeId), dwelling: reply.dwelling };
    }
    const refusal = this.decode(WireRefusal, res);
    if (res.status === 404) throw new RegistryRejection('UNKNOWN_PERSON');
    if (res.status === 422) throw new RegistryRejection('IDEMPOTENCY_CONFLICT');
    if (refusal.error === 'already_recorded') return { outcome: 'already_recorded', changeId: refusal.changeId !== undefined ? String(refusal.changeId) : null, dwelling: null };
    // Recorded through another channel (a CSV import, a second intake): the state we want holds.
    if (refusal.error === 'status_conflict' && refusal.currentStatus === STATUS_AFTER[change.kind]) return { outcome: 'already_recorded', changeId: null, dwelling: null };
    if (refusal.error === 'reference_in_use') throw new RegistryRejection('REFERENCE_IN_USE');
    throw new RegistryRejection('STATUS_CONFLICT', refusal.currentStatus, refusal.statusSince);
  }

  /** Records many changes in one CSV import; rows are keyed by reference, so retrying the call is safe. */
  async importChanges(changes: readonly RegistryChange[]): Promise<ImportedChange[]> {
    const res = await this.http.request({ method: 'POST', path: paths.import, headers: { 'content-type': 'text/csv; charset=utf-8' }, body: importCsv(changes), idempotent: true, operation: 'importCsv' });
    return this.decode(WireImportSummary, res).results.map((r) => ({ reference: r.reference, result: r.result, ...(r.error ? { reason: r.error } : {}) }));
  }

  private decode<S extends z.ZodType>(schema: S, res: HttpResponse): z.output<S> {
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw this.protocolError();
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw this.protocolError();
    return parsed.data;
  }

  private protocolError(): UpstreamError {
    return new UpstreamError(this.http.system, 'SYSTEM_ERROR', 'answered with a reply that does not follow its protocol');
  }
}
