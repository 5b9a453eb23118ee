import { population } from '../../systems/seed/population';
import { startCommunity, type CommunityUnderTest } from '../../tests/support/communitySubgraph';

describe('when the community registry is down', () => {
  let community: CommunityUnderTest;
  beforeAll(async () => {
    community = await startCommunity();
    await community.fault('down');
  });
  afterAll(() => community.close());

  it('resident() answers an error coded SYSTEM_UNAVAILABLE naming COMMUNITY_REGISTRY', async () => {
    const res = await community.query('query($id: ID!) { resident(idNumber: $id) { name } }', { id: population().residents[0].idNumber });
    expect(res.data).toEqual({ resident: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['resident'], extensions: { code: 'SYSTEM_UNAVAILABLE', system: 'COMMUNITY_REGISTRY' } });
    expect(res.errors![0].message).not.toContain(population().residents[0].idNumber);
  });

  it('entity fields fail alone with the coded error, so the gateway can keep other departments’ data', async () => {
    const res = await community.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { idNumber registryStatus } } }', {
      r: [{ __typename: 'Resident', idNumber: population().residents[1].idNumber }],
    });
    expect(res.data).toEqual({ _entities: [{ idNumber: population().residents[1].idNumber, registryStatus: null }] });
    expect(res.errors![0]).toMatchObject({ path: ['_entities', 0, 'registryStatus'], extensions: { code: 'SYSTEM_UNAVAILABLE', system: 'COMMUNITY_REGISTRY' } });
  });
});
