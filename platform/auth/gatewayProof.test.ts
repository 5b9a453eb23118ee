import { CALLER_HEADER } from './caller';
import { gatewayHeaders, PROOF_HEADER, PROOF_NONCE_HEADER, PROOF_TIMESTAMP_HEADER, PROOF_WINDOW_MS, verifyProof } from './gatewayProof';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const CALLER = { subject: 'worker-7', role: 'community' as const, community: '510114001001' };
const BODY = '{"query":"{ _entities(representations: []) { __typename } }"}';
const NOW = 1_800_000_000_000;
const signed = (overrides: { purpose?: string | null; now?: number; secret?: string; subgraph?: string } = {}) =>
  gatewayHeaders(overrides.secret ?? SECRET, overrides.subgraph ?? 'health', { caller: CALLER, purpose: overrides.purpose === undefined ? 'benefit review' : overrides.purpose, requestId: 'req-1' }, BODY, overrides.now ?? NOW);
const verify = (headers: Record<string, string>, body = BODY, now = NOW) => verifyProof(SECRET, 'health', headers, Buffer.from(body), now);

describe('the gateway proof', () => {
  it('verifies and gives back the caller, purpose and request id it covers, its nonce and when it expires', () => {
    const headers = signed();
    expect(verify(headers)).toEqual({ ok: true, caller: CALLER, purpose: 'benefit review', requestId: 'req-1', nonce: headers[PROOF_NONCE_HEADER], expiresAt: NOW + PROOF_WINDOW_MS });
    expect(verify(signed({ purpose: null }))).toMatchObject({ ok: true, purpose: null });
  });

  it('is missing: 401', () => {
    const { [PROOF_HEADER]: _proof, ...unproven } = signed();
    expect(verify(unproven)).toMatchObject({ ok: false, status: 401 });
    const { [PROOF_NONCE_HEADER]: _nonce, ...withoutNonce } = signed();
    expect(verify(withoutNonce)).toMatchObject({ ok: false, status: 401 });
  });

  it('carries a new nonce on every request', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => signed()[PROOF_NONCE_HEADER]));
    expect(nonces.size).toBe(100);
  });

  it.each([
    ['older than the window', NOW + PROOF_WINDOW_MS + 1],
    ['from further ahead than the window', NOW - PROOF_WINDOW_MS - 1],
  ])('is refused when %s: 403', (_name, now) => {
    expect(verify(signed(), BODY, now)).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/expired/) });
    expect(verify(signed(), BODY, NOW + PROOF_WINDOW_MS)).toMatchObject({ ok: true });
  });

  it.each([
    ['the body', (h: Record<string, string>) => [h, BODY.replace('[]', '[{}]')] as const],
    ['the caller', (h: Record<string, string>) => [{ ...h, [CALLER_HEADER]: Buffer.from(JSON.stringify({ ...CALLER, community: '510114002001' })).toString('base64url') }, BODY] as const],
    ['the purpose', (h: Record<string, string>) => [{ ...h, 'x-purpose': 'curiosity' }, BODY] as const],
    ['the request id', (h: Record<string, string>) => [{ ...h, 'x-request-id': 'req-2' }, BODY] as const],
    ['the timestamp', (h: Record<string, string>) => [{ ...h, [PROOF_TIMESTAMP_HEADER]: String(NOW + 1) }, BODY] as const],
    ['the nonce', (h: Record<string, string>) => [{ ...h, [PROOF_NONCE_HEADER]: 'AAAAAAAAAAAAAAAAAAAAAA' }, BODY] as const],
  ])('does not verify once %s is changed: 403', (_name, change) => {
    const [headers, body] = change(signed());
    expect(verify(headers, body)).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/does not verify/) });
  });

  it('does not verify at a subgraph other than the one it was made for: 403', () => {
    expect(verify(signed({ subgraph: 'hrss' }))).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/does not verify/) });
  });

  it('does not verify when made with another secret: 403', () => {
    expect(verify(signed({ secret: 'another-secret-another-secret-another-secret' }))).toMatchObject({ ok: false, status: 403 });
  });

  it('during a rotation verifies a proof made with the current or a previous secret, and no other', () => {
    const NEW = 'the-new-secret-after-the-rotation-long-enough';
    const ring = { current: NEW, previous: [SECRET] };
    const atSubgraph = (headers: Record<string, string>, secrets: string | { current: string; previous: string[] }) => verifyProof(secrets, 'health', headers, Buffer.from(BODY), NOW);
    expect(atSubgraph(signed(), ring)).toMatchObject({ ok: true });
    expect(atSubgraph(signed({ secret: NEW }), ring)).toMatchObject({ ok: true });
    expect(atSubgraph(signed({ secret: 'a-third-secret-nobody-configured-long-enough' }), ring)).toMatchObject({ ok: false, status: 403 });
    expect(atSubgraph(signed(), NEW)).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/does not verify/) });
  });
});
