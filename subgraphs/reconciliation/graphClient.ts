/**
 * Reconciliation reads the resident graph through the gateway, as a service caller with its own
 * short-lived service token (role `reconciliation`, signed with the internal secret: no person's
 * token carries that role, so the permission matrix gives it exactly what reconciliation reads):
 * it never talks to a department system, so each system is read by the department that owns it,
 * batched by that department's loaders.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { sealJoinKey } from '../../platform/auth/joinKey';
import { mintServiceToken, SERVICE_TOKEN_LIFETIME_S } from '../../platform/auth/serviceTokens';

export interface GraphClientOptions {
  /** The gateway's base URL (read on every call, so it can be bound after start-up). */
  gatewayUrl: () => string;
  /** The internal secret (GATEWAY_SUBGRAPH_SECRET) its service token is signed with. */
  internalSecret: string;
  /** Budget of one graph query (RECONCILIATION_TIMEOUT_MS), in ms, when the caller gives no signal of its own. @default 30000 */
  timeoutMs?: number;
}

interface GraphQLReply<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

/** Declared with every read (X-Purpose): the departments' audit records say why reconciliation read their data. */
export const RECONCILIATION_PURPOSE = 'benefit reconciliation (supervision)';

export class GraphClient {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(private readonly opts: GraphClientOptions) {}

  private async bearer(): Promise<string> {
    if (!this.token || this.token.expiresAt - Date.now() < 60_000) {
      const value = await mintServiceToken(this.opts.internalSecret, 'reconciliation');
      this.token = { value, expiresAt: Date.now() + SERVICE_TOKEN_LIFETIME_S * 1000 };
    }
    return this.token.value;
  }

  /** The resident's sealed join key, as the departments' batch fields take residents: the variables never hold a number in clear. */
  joinKey(idNumber: string): string {
    return sealJoinKey(this.opts.internalSecret, { idNumber });
  }

  /**
   * Runs a query; any error in the answer fails the call (reconciliation must not be silently
   * partial). `signal`: the run's one budget, shared by all its queries (@default this call's own `timeoutMs`).
   */
  async query<T>(query: string, requestId: string, options: { variables?: Record<string, unknown>; signal?: AbortSignal } = {}): Promise<T> {
    try {
      return await this.send<T>(query, requestId, options);
    } catch (err) {
      // fetch rejects with the signal's reason: a DOMException named TimeoutError once the budget is spent.
      if ((err as { name?: unknown } | null)?.name !== 'TimeoutError') throw err;
      const budget = this.opts.timeoutMs ?? 30_000;
      throw new GraphQLError(`Reconciliation did not finish within its budget (RECONCILIATION_TIMEOUT_MS = ${budget} ms): the graph answered too slowly. Raise the setting or try again later.`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'gateway' },
      });
    }
  }

  private async send<T>(query: string, requestId: string, options: { variables?: Record<string, unknown>; signal?: AbortSignal }): Promise<T> {
    const res = await fetch(`${this.opts.gatewayUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.bearer()}`, 'x-request-id': requestId, 'x-purpose': RECONCILIATION_PURPOSE },
      // Sent with its hash as a persisted operation, so a gateway that runs safelisted operations only runs it too.
      body: JSON.stringify({ query, variables: options.variables, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } }),
      signal: options.signal ?? AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
    });
    const reply = (await res.json()) as GraphQLReply<T>;
    if (reply.errors?.length || !reply.data) {
      const first = reply.errors?.[0];
      const systems = [...new Set((reply.errors ?? []).map((e) => e.extensions?.system).filter(Boolean))];
      throw new GraphQLError(
        `Reconciliation is incomplete: ${systems.length ? `${systems.join(', ')} could not be read` : 'the graph answered with errors'}. Try again when every system answers.`,
        { extensions: { code: first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', ...(systems.length ? { systems } : {}) } },
      );
    }
    return reply.data;
  }
}
