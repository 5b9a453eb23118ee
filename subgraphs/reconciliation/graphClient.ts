/**
 * Reconciliation reads the resident graph through the gateway, as a service caller with its own
 * short-lived token: it never talks to a department system, so each system is read by the
 * department that owns it, batched by that department's loaders.
 */
import { GraphQLError } from 'graphql';
import { mintToken } from '../../platform/auth/tokens';

export interface GraphClientOptions {
  /** The gateway's base URL (read on every call, so it can be bound after start-up). */
  gatewayUrl: () => string;
  jwtSecret: string;
  /** Budget of one graph query, in ms. @default 30000 */
  timeoutMs?: number;
}

interface GraphQLReply<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

const TOKEN_LIFETIME_S = 300;

export class GraphClient {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(private readonly opts: GraphClientOptions) {}

  private async bearer(): Promise<string> {
    if (!this.token || this.token.expiresAt - Date.now() < 60_000) {
      const value = await mintToken(this.opts.jwtSecret, { role: 'supervision', subject: 'service:reconciliation', expiresIn: TOKEN_LIFETIME_S });
      this.token = { value, expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000 };
    }
    return this.token.value;
  }

  /** Runs a query; any error in the answer fails the call (reconciliation must not be silently partial). */
  async query<T>(query: string, requestId: string): Promise<T> {
    const res = await fetch(`${this.opts.gatewayUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.bearer()}`, 'x-request-id': requestId },
      body: JSON.stringify({ query }),
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
