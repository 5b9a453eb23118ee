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
}

const credentialKey = (community: string) => `intake.credential.${community}`;
const LAST_COMMUNITY = 'intake.community';

export function accessFromLocation(): IntakeAccess | null {
  const params = new URLSearchParams(location.search);
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromLink = fragment.get('credential');
  let community = params.get('community') ?? session.load(LAST_COMMUNITY) ?? '';
  if (fromLink) {
    community ||= readClaims(fromLink)?.community ?? '';
    session.save(credentialKey(community), fromLink);
    session.save(LAST_COMMUNITY, community);
    history.replaceState(null, '', `${location.pathname}?community=${encodeURIComponent(community)}`);
  }
  const token = fromLink ?? (community ? session.load(credentialKey(community)) : null) ?? session.staffToken.load();
  if (!token) return null;
  const claims = readClaims(token);
  return { token, claims, community: community || claims?.community || '' };
}

/** Sign-in with a worker's own token: their community comes from it. */
export function accessFromToken(token: string, claims: TokenClaims): IntakeAccess {
  session.staffToken.save(token);
  return { token, claims, community: new URLSearchParams(location.search).get('community') ?? claims.community ?? '' };
}

/** Forgets a credential the server refused, so a reload asks for a valid one. */
export function forgetAccess(access: IntakeAccess): void {
  session.forget(credentialKey(access.community));
  if (session.staffToken.load() === access.token) session.staffToken.forget();
}
