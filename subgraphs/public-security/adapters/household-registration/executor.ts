/**
 * Calls the household registration system through the exchange with the platform's HttpClient and
 * answers in the department's terms: batch queries of up to 100 ID numbers, and the change list
 * followed page by page. Every attempt is signed afresh (new timestamp and nonce, through
 * headersPerAttempt), so the HttpClient's retries are never refused as replays. The exchange's
 * refusals come out as UpstreamErrors naming the system: definitive where signing again cannot
 * help (a wrong secret, an unknown key, a skewed clock), retryable otherwise.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { isValidIdNumber } from '../../../../domain/idNumber';
import { DefinitiveRejection, UpstreamError } from '../../../../platform/errors';
import { assertClientFor, type HttpClient, type HttpRequest, type HttpResponse } from '../../../../platform/http/client';
import { parseJsonReply } from '../../../../platform/http/jsonReply';
import {
  BatchReply,
  ChangesReply,
  EXCHANGE_CODES,
  MAX_IDS_PER_QUERY,
  MAX_PAGE_SIZE,
  paths,
  signingHeaders,
  toRegistration,
  WireError,
  type Cancellation,
  type ExchangeApp,
  type HouseholdRegistration,
} from './description';

export interface HouseholdRegistrationAdapterOptions {
  /** The clock signatures are timestamped with, in ms. @default Date.now */
  now?: () => number;
}

export class HouseholdRegistrationAdapter {
  private readonly now: () => number;

  /** @param app the application the platform is registered as on the exchange: every request is signed with its secret. */
  constructor(
    private readonly http: HttpClient,
    private readonly app: ExchangeApp,
    options: HouseholdRegistrationAdapterOptions = {},
  ) {
    assertClientFor('HOUSEHOLD_REGISTRATION', http);
    this.now = options.now ?? Date.now;
  }

  /** Registrations of the people the system holds among `idNumbers`; others are absent from the map. */
  async lookupMany(idNumbers: readonly string[]): Promise<Map<string, HouseholdRegistration>> {
    // A malformed number cannot be registered, and would make the exchange refuse the whole query.
    const ids = [...new Set(idNumbers)].filter((id) => isValidIdNumber(id));
    const chunks = Array.from({ length: Math.ceil(ids.length / MAX_IDS_PER_QUERY) }, (_, i) => ids.slice(i * MAX_IDS_PER_QUERY, (i + 1) * MAX_IDS_PER_QUERY));
    const found = new Map<string, HouseholdRegistration>();
    for (const chunk of chunks) {
      const body = JSON.stringify({ sfzhList: chunk });
      // A query over POST is still a read: retried, and counted on the read breaker.
      const res = await this.send({ method: 'POST', path: paths.batchQuery, body, headers: { 'content-type': 'application/json' }, idempotent: true, kind: 'read', operation: 'lookupBatch' });
      for (const item of this.parse(BatchReply, res).data.list) found.set(item.sfzh, toRegistration(item));
    }
    return found;
  }

  /** Registrations cancelled from `from` to `to` (YYYY-MM-DD, inclusive), every page of the change list. */
  async cancellations(from: string, to: string): Promise<Cancellation[]> {
    const out: Cancellation[] = [];
    for (let page = 1, totalPages = 1; page <= totalPages; page++) {
      const reply = this.parse(ChangesReply, await this.send({ method: 'GET', path: paths.changes(from, to, page, MAX_PAGE_SIZE), operation: 'cancellations' }));
      for (const item of reply.data.list) out.push({ idNumber: item.sfzh, ...toRegistration(item) });
      totalPages = reply.data.totalPages;
    }
    return out;
  }

  private async send(req: HttpRequest): Promise<HttpResponse> {
    // Signed at each attempt: the exchange accepts a nonce once, so a retry carries a new one.
    const sign = () => signingHeaders(this.app, req.method, req.path, req.body ?? '', Math.floor(this.now() / 1000), randomUUID());
    // The exchange's refusals (4xx) are read here, so each says which of its codes it was.
    const res = await this.http.request({ ...req, headersPerAttempt: sign, accept: [400, 401, 403, 404] });
    if (res.status < 400) return res;
    const { code } = this.parse(WireError, res);
    const known = Object.hasOwn(EXCHANGE_CODES, code) ? EXCHANGE_CODES[code] : undefined;
    const detail = `refused the request with ${code} (${known?.meaning ?? 'a code this adapter does not know'})`;
    throw known?.retryable ? new UpstreamError(this.http.system, 'SYSTEM_ERROR', detail, res.status) : new DefinitiveRejection(this.http.system, detail, res.status);
  }

  private parse<S extends z.ZodType>(schema: S, res: HttpResponse): z.output<S> {
    return parseJsonReply(this.http.system, schema, res);
  }
}
