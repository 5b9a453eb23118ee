/**
 * Who the intake page reports as. Opened from a community's QR code, the URL carries the
 * community (?community=) and the credential (#credential=, a fragment: never sent to a server
 * or in a Referer). The credential is kept for the tab, and taken out of the address bar so a
 * shared link or a screenshot does not pass it on. Without one, a community worker signs in
 * with their own token.
 */
import { readClaims, type TokenClaims } from '../shared/jwt';
import * as session from '../shared/session';

export interface IntakeAccess {
  token: string;
  claims: TokenClaims | null;
  /** The community the page reports for: the one the QR code was printed for. */
  community: string;
  /** Its name as the QR link gave it (display only: a QR credential may not read the community list). */
  communityName: string | null;
  /** Opened from a QR code: it reports and follows its own reports, nothing else. */
  qr: boolean;
}

const credentialKey = (community: string) => `intake.credential.${community}`;
const LAST_COMMUNITY = 'intake.community';
const nameKey = (community: string) => `intake.communityName.${community}`;
const isQr = (claims: TokenClaims | null) => claims?.sub?.startsWith('qr:') === true;

export function accessFromLocation(): IntakeAccess | null {
  const params = new URLSearchParams(location.search);
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromLink = fragment.get('credential');
  let community = params.get('community') ?? session.load(LAST_COMMUNITY) ?? '';
  const name = params.get('name');
  if (fromLink) {
    community ||= readClaims(fromLink)?.community ?? '';
    session.save(credentialKey(community), fromLink);
    session.save(LAST_COMMUNITY, community);
    if (name) session.save(nameKey(community), name);
    history.replaceState(null, '', `${location.pathname}?community=${encodeURIComponent(community)}${name ? `&name=${encodeURIComponent(name)}` : ''}`);
  }
  const token = fromLink ?? (community ? session.load(credentialKey(community)) : null) ?? session.staffToken.load();
  if (!token) return null;
  const claims = readClaims(token);
  community ||= claims?.community ?? '';
  return { token, claims, community, communityName: name ?? session.load(nameKey(community)), qr: isQr(claims) };
}

/** Sign-in with a worker's own token: their community comes from it. */
export function accessFromToken(token: string, claims: TokenClaims): IntakeAccess {
  session.staffToken.save(token);
  return { token, claims, community: new URLSearchParams(location.search).get('community') ?? claims.community ?? '', communityName: null, qr: isQr(claims) };
}

/** Forgets a credential the server refused, so a reload asks for a valid one. */
export function forgetAccess(access: IntakeAccess): void {
  session.forget(credentialKey(access.community));
  if (session.staffToken.load() === access.token) session.staffToken.forget();
}
