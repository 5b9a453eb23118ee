/**
 * Reconciliation reads the resident graph through the gateway, as a service caller with its own
 * short-lived service token (role `reconciliation`, signed with the internal secret: no person's
 * token carries that role, so the permission matrix gives it exactly what reconciliation reads):
 * it never talks to a department system, so each system is read by the department that owns it,
 * batched by that department's loaders.
 */
import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { mintServiceToken, SERVICE_TOKEN_LIFETIME_S } from '../../platform/auth/serviceTokens';

export interface GraphClientOptions {
  /** The gateway's base URL (read on every call, so it can be bound after start-up). */
  gatewayUrl: () => string;
  /** The internal secret (GATEWAY_SUBGRAPH_SECRET) its service token is signed with. */
  internalSecret: string;
  /** Budget of one graph query, in ms. @default 30000 */
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

  /** Runs a query; any error in the answer fails the call (reconciliation must not be silently partial). */
  async query<T>(query: string, requestId: string): Promise<T> {
    const res = await fetch(`${this.opts.gatewayUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.bearer()}`, 'x-request-id': requestId, 'x-purpose': RECONCILIATION_PURPOSE },
      // Sent with its hash as a persisted operation, so a gateway that runs safelisted operations only runs it too.
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } }),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
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
