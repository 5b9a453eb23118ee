import { SignJWT } from 'jose';
import { mintToken, verifyToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from './tokens';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';

describe('bearer tokens', () => {
  it('round-trips role, subject and community', async () => {
    const token = await mintToken(SECRET, { role: 'community', community: '510114001001', subject: 'worker-7' });
    await expect(verifyToken(SECRET, token)).resolves.toEqual({ role: 'community', community: '510114001001', subject: 'worker-7' });
  });

  it('a lifetime given in seconds counts from now', async () => {
    const token = await mintToken(SECRET, { role: 'health', expiresIn: 300 });
    await expect(verifyToken(SECRET, token)).resolves.toMatchObject({ role: 'health' });
  });

  it('rejects a token signed with another secret', async () => {
    const token = await mintToken('another-secret-another-secret-another', { role: 'health' });
    await expect(verifyToken(SECRET, token)).rejects.toThrow('signature does not verify');
  });

  it('rejects an expired token', async () => {
    const token = await new SignJWT({ role: 'health' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifyToken(SECRET, token)).rejects.toThrow('expired');
  });

  it('rejects an unknown role and a community token without a community', async () => {
    const bad = await new SignJWT({ role: 'mayor' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    await expect(verifyToken(SECRET, bad)).rejects.toThrow('claims are invalid (role)');
    const noCommunity = await mintToken(SECRET, { role: 'community' });
    await expect(verifyToken(SECRET, noCommunity)).rejects.toThrow('community');
  });

  it('rejects garbage', async () => {
    await expect(verifyToken(SECRET, 'not.a.jwt')).rejects.toThrow('not a well-formed JWT');
  });
});
