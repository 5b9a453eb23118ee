/**
 * The credential a community's QR code carries: an ordinary bearer token (HS256, the platform's
 * issuer and audience, so the gateway verifies it like any other) with role `community`, that
 * community's code alone, a subject naming it as a QR credential, and a short life. A photo of
 * the code shared elsewhere can report for that community only, and only until it expires.
 * Each minted credential has its own id (`jti`, also in its subject `qr:<community>:<jti>`): the
 * reports it made are recorded under that subject, and it reads back those and no others.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Caller } from './caller';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens';

/** Subjects of QR credentials start with this, so the edge can tell them from a worker's own token. */
export const INTAKE_CREDENTIAL_SUBJECT_PREFIX = 'qr:';

/** How long a QR credential lasts unless told otherwise: a week, one printed notice's life. */
export const DEFAULT_INTAKE_CREDENTIAL_TTL_SECONDS = 7 * 24 * 3600;

/** The longest life a QR credential may be given unless the district sets longer posters (a month). */
export const MAX_INTAKE_CREDENTIAL_TTL_SECONDS = 31 * 24 * 3600;

/** The longest life any QR credential may be given: a poster's year (gateway QR_MAX_LIFETIME_DAYS chooses within it). */
export const LONGEST_INTAKE_CREDENTIAL_TTL_SECONDS = 366 * 24 * 3600;

export interface IntakeCredentialOptions {
  /** Lifetime in seconds, at most {@link LONGEST_INTAKE_CREDENTIAL_TTL_SECONDS}. @default 604800 (7 days) */
  ttlSeconds?: number;
  /** The issuing instant (tests mint credentials that are already expired). @default new Date() */
  now?: Date;
}

export interface IntakeCredential {
  token: string;
  expiresAt: Date;
  /** The credential's own id (its `jti`): 128 random bits, base64url. */
  id: string;
}

export async function mintIntakeCredential(secret: string, community: string, options: IntakeCredentialOptions = {}): Promise<IntakeCredential> {
  if (!/^\d{12}$/.test(community)) throw new TypeError(`an intake credential needs a 12-digit community code, but got ${community.length} characters`);
  const ttl = options.ttlSeconds ?? DEFAULT_INTAKE_CREDENTIAL_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > LONGEST_INTAKE_CREDENTIAL_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be a whole number from 1 to ${LONGEST_INTAKE_CREDENTIAL_TTL_SECONDS}, but got ${ttl}`);
  }
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const id = randomBytes(16).toString('base64url');
  const token = await new SignJWT({ role: 'community', community })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setJti(id)
    .setSubject(`${INTAKE_CREDENTIAL_SUBJECT_PREFIX}${community}:${id}`)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    // A number is an absolute epoch time for jose.
    .setExpirationTime(issuedAt + ttl)
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt: new Date((issuedAt + ttl) * 1000), id };
}

/** True for a caller authenticated by a QR credential: it may report, never mint further codes. */
export function isIntakeCredential(caller: Caller): boolean {
  return caller.subject.startsWith(INTAKE_CREDENTIAL_SUBJECT_PREFIX);
}
