import { isIntakeCredential, mintIntakeCredential } from './intakeCredential';
import { verifyToken } from './tokens';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';
const COMMUNITY = '510114001001';

describe('QR intake credentials', () => {
  it('verify as a community caller of that community alone, marked as a QR credential', async () => {
    const { token, expiresAt, id } = await mintIntakeCredential(SECRET, COMMUNITY);
    const caller = await verifyToken(SECRET, token);
    expect(caller).toEqual({ role: 'community', community: COMMUNITY, subject: `qr:${COMMUNITY}:${id}` });
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await mintIntakeCredential(SECRET, COMMUNITY)).id).not.toBe(id);
    expect(isIntakeCredential(caller)).toBe(true);
    expect(isIntakeCredential({ role: 'community', community: COMMUNITY, subject: 'worker-7' })).toBe(false);
    const days = (expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('stop verifying once their lifetime has passed', async () => {
    const { token } = await mintIntakeCredential(SECRET, COMMUNITY, { ttlSeconds: 3600, now: new Date(Date.now() - 2 * 3600_000) });
    await expect(verifyToken(SECRET, token)).rejects.toThrow('expired');
  });

  it('do not verify with another secret', async () => {
    const { token } = await mintIntakeCredential('another-secret-another-secret-another', COMMUNITY);
    await expect(verifyToken(SECRET, token)).rejects.toThrow('signature');
  });

  it("refuse a malformed community code and a lifetime beyond a poster's year", async () => {
    await expect(mintIntakeCredential(SECRET, '5101')).rejects.toThrow('12-digit community code');
    await expect(mintIntakeCredential(SECRET, COMMUNITY, { ttlSeconds: 367 * 86_400 })).rejects.toThrow('ttlSeconds must be');
    await expect(mintIntakeCredential(SECRET, COMMUNITY, { ttlSeconds: 365 * 86_400 })).resolves.toMatchObject({ id: expect.any(String) });
  });
});
