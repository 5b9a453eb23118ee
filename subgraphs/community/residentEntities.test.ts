import { COMMUNITIES } from '../../systems/seed/communities';
import { population } from '../../systems/seed/population';
import { startCommunity, type CommunityUnderTest } from '../../tests/support/communitySubgraph';

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { idNumber name community registryStatus } } }';

describe('Resident lookups and entity references', () => {
  let community: CommunityUnderTest;
  beforeAll(async () => {
    community = await startCommunity();
  });
  afterAll(() => community.close());
  beforeEach(() => community.registryCalls());

  it('resolves 100 _entities representations with one batched lookup', async () => {
    const people = population().residents.slice(2000, 2100);
    const res = await community.query<{ _entities: unknown[] }>(ENTITIES, { r: people.map((p) => ({ __typename: 'Resident', idNumber: p.idNumber })) });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual(people.map((p) => ({ idNumber: p.idNumber, name: p.name, community: p.community, registryStatus: p.registry.status })));
    expect(community.registryCalls()).toEqual({ lookup: 1 });
  });

  it('resident(idNumber) reads every field with one lookup, and is null for an unknown number', async () => {
    const p = population().disagreements.find((d) => d.event === 'MOVED_OUT')!;
    const seeded = population().residents.find((r) => r.idNumber === p.idNumber)!;
    // The registry's details (sex, address) are read by a worker of the resident's own community.
    const worker = { subject: 'test-community', role: 'community' as const, community: seeded.community };
    const res = await community.query('query($id: ID!) { resident(idNumber: $id) { name sex address registryStatus registryStatusSince } }', { id: p.idNumber }, worker);
    expect(res.data).toEqual({
      resident: { name: seeded.name, sex: seeded.sex === 'M' ? 'MALE' : 'FEMALE', address: seeded.address, registryStatus: 'MOVED_OUT', registryStatusSince: p.eventDate },
    });
    expect(community.registryCalls()).toEqual({ lookup: 1 });
    const unknown = await community.query('{ resident(idNumber: "11010519491231002X") { name } }');
    expect(unknown).toEqual({ data: { resident: null } });
  });

  it('refuses a malformed ID number with BAD_USER_INPUT naming the rule, calling no system', async () => {
    const res = await community.query('{ resident(idNumber: "110105194912310021") { name } }');
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['idNumber'], rule: 'checkCharacter' }] });
    expect(res.errors![0].message).not.toContain('110105194912310021');
    expect(community.registryCalls()).toEqual({});
  });

  it('lists the communities', async () => {
    const res = await community.query('{ communities { code name street } }');
    expect(res.data).toEqual({ communities: COMMUNITIES });
  });
});
