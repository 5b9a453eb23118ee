/**
 * What every peer gateway shares with the project's: its settings (gateway/config.ts, so the same
 * JWT_SECRET, GATEWAY_SUBGRAPH_SECRET and <SUBGRAPH>_URL), the bearer-token check (the platform's
 * verifier) and the subgraph proof (platform/auth/gatewayProof.ts) over the exact body sent. Only
 * where a peer hooks these in differs: that is each peer's own extension point.
 */
import { randomUUID } from 'node:crypto';
import { gatewayConfig, type GatewayConfig } from '../../gateway/config';
import { CLIENT_REQUEST_ID } from '../../gateway/context';
import { gatewayHeaders, PURPOSE_HEADER, REQUEST_ID_HEADER, type GatewayRequest } from '../../platform/auth/gatewayProof';
import { createTokenVerifier, TokenError } from '../../platform/auth/tokens';
import { errors } from '../../platform/errors';

export interface PeerGateway {
  config: GatewayConfig;
  /** The caller, purpose and request id of one client request, or UNAUTHENTICATED. */
  authenticate(header: (name: string) => string | null | undefined): Promise<GatewayRequest>;
  /** The identity and proof headers for one subgraph request with this exact body. */
  sign(subgraph: string, request: GatewayRequest, body: string): Record<string, string>;
}

export function peerGateway(env: NodeJS.ProcessEnv = process.env): PeerGateway {
  const config = gatewayConfig(env);
  const verify = createTokenVerifier({ jwtSecret: config.jwtSecret, jwtPreviousSecrets: config.jwtPreviousSecrets, serviceSecret: config.gatewaySecret, maxLifetimeSeconds: config.jwtMaxLifetimeSeconds });
  return {
    config,
    async authenticate(header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header('authorization') ?? '');
      if (!match) throw errors.unauthenticated('the Authorization header must be "Bearer <token>"');
      try {
        const caller = await verify(match[1]);
        const given = header(REQUEST_ID_HEADER);
        return { caller, purpose: header(PURPOSE_HEADER)?.trim() || null, requestId: given && CLIENT_REQUEST_ID.test(given) ? given : randomUUID() };
      } catch (err) {
        if (err instanceof TokenError) throw errors.unauthenticated(err.message);
        throw err;
      }
    },
    sign: (subgraph, request, body) => gatewayHeaders(config.gatewaySecret, subgraph, request, body),
  };
}

/** The URL a peer sends `subgraph`'s requests to: the configured one, as the project's gateway does (not the supergraph's). */
export function subgraphUrl(config: GatewayConfig, subgraph: string): string {
  const base = config.subgraphUrls[subgraph];
  if (!base) throw new Error(`no URL configured for subgraph "${subgraph}"`);
  return `${base}/graphql`;
}
