/**
 * The gateway's memory of verified tokens, over the real verifier (counted, not replaced): a
 * token is checked once until its `exp` (never beyond, and again after REVERIFY_AFTER_MS), the
 * memory holds at most its bound, and no other token (another caller's, a forged one, a refused
 * one) is ever answered from it.
 */
import { createTokenVerifier, mintToken, TokenError, type TokenVerifier } from '../platform/auth/tokens';
import { cachedTokenVerifier, REVERIFY_AFTER_MS } from './tokenCache';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';

function counted(): { verify: TokenVerifier; calls: () => number } {
  const real = createTokenVerifier({ jwtSecret: SECRET });
  let calls = 0;
  return {
    verify: (token) => {
      calls++;
      return real(token);
    },
    calls: () => calls,
  };
}

/** A clock the test moves, starting at the real time (the verifier itself reads the real one). */
function clock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => (offset += ms) };
}

describe('the verified-token cache', () => {
  it('verifies a token sent again only once, and answers the same caller', async () => {
    const { verify, calls } = counted();
    const cached = cachedTokenVerifier(verify, { maxEntries: 10 });
    const token = await mintToken(SECRET, { role: 'civil-affairs', subject: 'clerk-1' });
    const first = await cached(token);
    const second = await cached(token);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ subject: 'clerk-1', role: 'civil-affairs' });
    expect(calls()).toBe(1);
  });

  it('never answers another token from a cached one: another caller, or the same claims with a forged signature', async () => {
    const { verify, calls } = counted();
    const cached = cachedTokenVerifier(verify, { maxEntries: 10 });
    const clerk = await mintToken(SECRET, { role: 'civil-affairs', subject: 'clerk-1' });
    const nurse = await mintToken(SECRET, { role: 'health', subject: 'nurse-2' });
    expect(await cached(clerk)).toMatchObject({ subject: 'clerk-1' });
    expect(await cached(nurse)).toMatchObject({ subject: 'nurse-2', role: 'health' });
    const [header, payload] = clerk.split('.');
    await expect(cached(`${header}.${payload}.${'A'.repeat(43)}`)).rejects.toBeInstanceOf(TokenError);
    expect(calls()).toBe(3);
  });

  it('never remembers a refused token: it is checked afresh each time', async () => {
    const { verify, calls } = counted();
    const cached = cachedTokenVerifier(verify, { maxEntries: 10 });
    const foreign = await mintToken('another-secret-that-is-long-enough-for-hs256', { role: 'supervision' });
    await expect(cached(foreign)).rejects.toBeInstanceOf(TokenError);
    await expect(cached(foreign)).rejects.toBeInstanceOf(TokenError);
    expect(calls()).toBe(2);
  });

  it('stops answering a token from memory at its exp, even when reverification would come later', async () => {
    const { verify, calls } = counted();
    const time = clock();
    const cached = cachedTokenVerifier(verify, { maxEntries: 10, now: time.now });
    const lifetimeSeconds = 10;
    expect(lifetimeSeconds * 1000).toBeLessThan(REVERIFY_AFTER_MS);
    const token = await mintToken(SECRET, { role: 'hrss', expiresIn: lifetimeSeconds });
    await cached(token);
    time.advance(5_000);
    await cached(token);
    expect(calls()).toBe(1);
    time.advance(6_000);
    await cached(token);
    expect(calls()).toBe(2);
  });

  it('checks a long-lived token again once REVERIFY_AFTER_MS has passed', async () => {
    const { verify, calls } = counted();
    const time = clock();
    const cached = cachedTokenVerifier(verify, { maxEntries: 10, now: time.now });
    const token = await mintToken(SECRET, { role: 'hrss', expiresIn: '8h' });
    await cached(token);
    time.advance(REVERIFY_AFTER_MS + 1);
    await cached(token);
    expect(calls()).toBe(2);
  });

  it('holds at most its bound, forgetting the oldest token first', async () => {
    const { verify, calls } = counted();
    const cached = cachedTokenVerifier(verify, { maxEntries: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((s) => mintToken(SECRET, { role: 'hrss', subject: `clerk-${s}` })));
    await cached(a);
    await cached(b);
    await cached(c);
    expect(calls()).toBe(3);
    await cached(c);
    expect(calls()).toBe(3);
    // a was the oldest: forgotten when c came, so it is verified again.
    await cached(a);
    expect(calls()).toBe(4);
  });

  it('with a bound of 0 is the verifier itself', async () => {
    const { verify } = counted();
    expect(cachedTokenVerifier(verify, { maxEntries: 0 })).toBe(verify);
  });
});
