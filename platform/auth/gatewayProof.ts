/**
 * The proof that a subgraph request came from the gateway: an HMAC-SHA256, with a key derived
 * from GATEWAY_SUBGRAPH_SECRET, over the name of the subgraph it is for, a timestamp, a nonce,
 * the caller header, the declared purpose, the request id and the SHA-256 of the exact body
 * bytes. Each subgraph checks it with its own name, so a proof captured on its way to one
 * subgraph is refused by every other. A subgraph accepts a request
 * only with a proof that verifies, is at most PROOF_WINDOW_MS old (or early) and whose nonce it
 * has not seen (replayGuard.ts): anything else, including `_entities` and `_service` sent to it
 * directly and a captured request sent again, is refused before GraphQL runs. During a rotation
 * of the secret a subgraph accepts a proof made with its current secret or a previous one
 * (GATEWAY_SUBGRAPH_PREVIOUS_SECRETS), so gateways signing with the old and the new both get through.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CALLER_HEADER, decodeCaller, encodeCaller, type Caller } from './caller';
import { acceptedSecrets, derivedKey, type SecretRing } from './secrets';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Why the caller reads personal data (the client's X-Purpose header, forwarded). */
export const PURPOSE_HEADER = 'x-purpose';
export const PROOF_TIMESTAMP_HEADER = 'x-gateway-timestamp';
export const PROOF_HEADER = 'x-gateway-proof';
/** One random value per request: a proof is accepted once (replayGuard.ts). */
export const PROOF_NONCE_HEADER = 'x-gateway-nonce';
/** Longest purpose accepted, in characters. */
export const PURPOSE_MAX_LENGTH = 200;
/** How old (or, for clock skew, how far ahead) a proof may be, in ms. */
export const PROOF_WINDOW_MS = 60_000;

const VERSION = 'v3';
const NONCE_FORMAT = /^[A-Za-z0-9_-]{16,64}$/;

export interface ProofInput {
  /** The subgraph the request is for (its name in the supergraph): the proof holds there only. */
  subgraph: string;
  /** The caller header exactly as sent (base64url JSON). */
  callerHeader: string;
  purpose: string | null;
  requestId: string;
  /** The exact body sent. */
  body: string | Buffer;
}

function mac(secret: string, timestamp: string, nonce: string, input: ProofInput): Buffer {
  const bodyHash = createHash('sha256').update(input.body).digest('hex');
  // Header values cannot hold a newline, so the fields cannot run into each other.
  const message = [VERSION, input.subgraph, timestamp, nonce, input.callerHeader, input.purpose ?? '', input.requestId, bodyHash].join('\n');
  return createHmac('sha256', derivedKey(secret, 'gateway-proof')).update(message).digest();
}

/** The proof headers for one request. */
export function signProof(secret: string, input: ProofInput, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('base64url');
  return { [PROOF_TIMESTAMP_HEADER]: timestamp, [PROOF_NONCE_HEADER]: nonce, [PROOF_HEADER]: `${VERSION}=${mac(secret, timestamp, nonce, input).toString('base64url')}` };
}

export interface GatewayRequest {
  caller: Caller;
  purpose: string | null;
  requestId: string;
}

/** Every header the gateway sends `subgraph` for one request: identity, purpose, request id and their proof. */
export function gatewayHeaders(secret: string, subgraph: string, request: GatewayRequest, body: string, now = Date.now()): Record<string, string> {
  const callerHeader = encodeCaller(request.caller);
  const headers: Record<string, string> = { [CALLER_HEADER]: callerHeader, [REQUEST_ID_HEADER]: request.requestId };
  if (request.purpose) headers[PURPOSE_HEADER] = request.purpose;
  return { ...headers, ...signProof(secret, { subgraph, callerHeader, purpose: request.purpose, requestId: request.requestId, body }, now) };
}

/** A proof that holds: what it covers, and its nonce with the time the proof expires (epoch ms). */
export type ProofCheck = ({ ok: true; nonce: string; expiresAt: number } & GatewayRequest) | { ok: false; status: 401 | 403; reason: string };

const one = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? undefined : v;
};

/**
 * Checks a request's proof, as the subgraph named `subgraph`, against its headers and raw body,
 * with each secret `secrets` accepts; says why when it does not hold (never echoing values).
 */
export function verifyProof(secrets: string | SecretRing, subgraph: string, headers: IncomingHttpHeaders, body: Buffer, now = Date.now(), windowMs = PROOF_WINDOW_MS): ProofCheck {
  const callerHeader = one(headers, CALLER_HEADER);
  const requestId = one(headers, REQUEST_ID_HEADER);
  const timestamp = one(headers, PROOF_TIMESTAMP_HEADER);
  const proof = one(headers, PROOF_HEADER);
  const nonce = one(headers, PROOF_NONCE_HEADER);
  if (!callerHeader || !requestId || !timestamp || !proof || !nonce) {
    return { ok: false, status: 401, reason: 'subgraphs answer the gateway only: the request carries no gateway proof' };
  }
  const purpose = one(headers, PURPOSE_HEADER) || null;
  if (!/^\d{1,16}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > windowMs) {
    return { ok: false, status: 403, reason: 'the gateway proof has expired or is not yet valid' };
  }
  if (!NONCE_FORMAT.test(nonce)) return { ok: false, status: 403, reason: 'the gateway proof does not verify' };
  const given = proof.startsWith(`${VERSION}=`) ? Buffer.from(proof.slice(VERSION.length + 1), 'base64url') : Buffer.alloc(0);
  const signedWith = (secret: string) => {
    const expected = mac(secret, timestamp, nonce, { subgraph, callerHeader, purpose, requestId, body });
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!acceptedSecrets(secrets).some(signedWith)) {
    return { ok: false, status: 403, reason: 'the gateway proof does not verify' };
  }
  const caller = decodeCaller(callerHeader);
  if (!caller) return { ok: false, status: 403, reason: 'the caller header is malformed' };
  if (purpose && purpose.length > PURPOSE_MAX_LENGTH) return { ok: false, status: 403, reason: `the purpose is longer than ${PURPOSE_MAX_LENGTH} characters` };
  return { ok: true, caller, purpose, requestId, nonce, expiresAt: Number(timestamp) + windowMs };
}
