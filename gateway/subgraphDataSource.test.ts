/**
 * What a client learns when a subgraph answers with an error status: the status, the code and
 * the service, never the subgraph's internal address or its reply body.
 */
import { SubgraphDataSource } from './subgraphDataSource';
import { SubgraphPools } from './subgraphPool';

const pools = new SubgraphPools(1);
afterAll(() => pools.close());

describe('a subgraph reply with an error status', () => {
  const source = new SubgraphDataSource('health', 'http://10.0.0.7:4004/graphql', 'a-gateway-secret-of-enough-length-0123', pools.for('http://10.0.0.7:4004/graphql', 1000));
  const reply = (status: number) =>
    Object.defineProperty(new Response(JSON.stringify({ errors: [{ message: 'proof refused by health at 10.0.0.7, key id internal-7' }] }), { status, headers: { 'content-type': 'application/json' } }), 'url', { value: 'http://10.0.0.7:4004/graphql' });

  it.each([403, 502])('HTTP %i reaches the client as status, code and service only', async (status) => {
    const error = await source.errorFromResponse(reply(status) as never);
    // Apollo's code for the status where it has one (403: FORBIDDEN); the rest is ours.
    expect(error.extensions).toEqual({ ...(status === 403 ? { code: 'FORBIDDEN' } : {}), service: 'health', status });
    expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toMatch(/10\.0\.0\.7|internal-7|proof refused/);
  });
});

describe('a subgraph behind a load balancer that reached no replica', () => {
  const source = new SubgraphDataSource('hrss', 'http://127.0.0.1:4003/graphql', 'a-gateway-secret-of-enough-length-0123', pools.for('http://127.0.0.1:4003/graphql', 1000));
  const encounter = (status: number, query: string) => {
    try {
      source.didEncounterError(new Error(`${status}`), {}, { status }, {}, { query });
    } catch (err) {
      return err as { extensions?: Record<string, unknown> };
    }
    return undefined;
  };

  it.each([502, 503, 504])('HTTP %i is SUBGRAPH_UNAVAILABLE naming the service; for a report, stored unknown', (status) => {
    expect(encounter(status, 'mutation { reportPopulationChange }')?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', service: 'hrss', stored: 'unknown' });
    expect(encounter(status, '{ residents }')?.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', service: 'hrss' });
  });
});
