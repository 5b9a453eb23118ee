import { openJoinKey, sealJoinKey } from './joinKey';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const ID = '510114195006140028';

describe('join keys', () => {
  it('open to the ID number and community they were sealed with, and show neither', () => {
    const key = sealJoinKey(SECRET, { idNumber: ID, community: '510114001001' });
    expect(key).not.toContain(ID);
    expect(Buffer.from(key.slice(4), 'base64url').toString('latin1')).not.toContain('5101140');
    expect(openJoinKey(SECRET, key)).toEqual({ idNumber: ID, community: '510114001001' });
    expect(openJoinKey(SECRET, sealJoinKey(SECRET, { idNumber: ID }))).toEqual({ idNumber: ID, community: null });
  });

  it('are the same for the same resident (the gateway de-duplicates references by them), different with a community', () => {
    expect(sealJoinKey(SECRET, { idNumber: ID })).toBe(sealJoinKey(SECRET, { idNumber: ID }));
    expect(sealJoinKey(SECRET, { idNumber: ID })).not.toBe(sealJoinKey(SECRET, { idNumber: ID, community: '510114001001' }));
  });

  it('do not open when altered, sealed with another secret, or not join keys at all', () => {
    const key = sealJoinKey(SECRET, { idNumber: ID });
    const raw = Buffer.from(key.slice(4), 'base64url');
    raw[20] ^= 1;
    expect(openJoinKey(SECRET, 'jk1.' + raw.toString('base64url'))).toBeNull();
    expect(openJoinKey('another-secret-another-secret-another-secret', key)).toBeNull();
    for (const junk of [ID, '', 'jk1.', 42, null]) expect(openJoinKey(SECRET, junk)).toBeNull();
  });

  it('during a rotation open when sealed with the current or a previous secret, and not once that secret is dropped', () => {
    const NEW = 'the-new-secret-after-the-rotation-long-enough';
    const [old, current] = [sealJoinKey(SECRET, { idNumber: ID }), sealJoinKey(NEW, { idNumber: ID })];
    const ring = { current: NEW, previous: [SECRET] };
    expect([openJoinKey(ring, old), openJoinKey(ring, current)]).toEqual([{ idNumber: ID, community: null }, { idNumber: ID, community: null }]);
    expect(openJoinKey({ current: NEW, previous: [] }, old)).toBeNull();
  });
});
