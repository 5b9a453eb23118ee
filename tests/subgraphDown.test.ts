/**
 * A department service killed (SIGKILL) behind the gateway: reads and reports get a coded answer
 * naming the service, never a bare "fetch failed"; a report's answer says it is not known whether
 * it was stored and to send it again with the same key. Once the service is back, that resend
 * stores the report once.
 */
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { freePort, startChild, type ChildService } from './support/childProcess';
import { deathOf, report } from './support/reports';

describe('a subgraph that cannot be reached', () => {
  let stack: Stack;
  let port: number;
  let child: ChildService | undefined;
  const startCommunity = () =>
    startChild(
      'subgraphs/community/main.ts',
      { ...stack.subgraphEnv, COMMUNITY_PORT: String(port), COMMUNITY_REGISTRY_URL: stack.systems.COMMUNITY_REGISTRY.url },
      `http://127.0.0.1:${port}/healthz`,
    );

  beforeAll(async () => {
    port = await freePort();
    stack = await startStack({ externalSubgraphs: { community: `http://127.0.0.1:${port}` }, subgraphEnv: { INTAKE_WAIT_MS: '500' } });
    child = await startCommunity();
  }, 90_000);
  afterAll(async () => {
    await child?.kill();
    await stack?.close();
  }, 60_000);

  it('answers a read SUBGRAPH_UNAVAILABLE naming the service, and a report the same with "stored: unknown, resend with the same key"', async () => {
    const person = consistentResidents().find((r) => r.community === '510114001001' && r.socialAssistance.subsistenceAllowance)!;
    await child!.kill();

    const read = await stack.query<{ resident: { subsistenceAllowance: unknown; community: string | null } | null }>(
      'query($id: ID!) { communities { code } resident(idNumber: $id) { subsistenceAllowance { status } } }',
      { id: person.idNumber },
      await stack.token('civil-affairs'),
    );
    expect(read.status).toBe(200);
    const readError = read.errors?.find((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
    expect(readError?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', service: 'community' });
    expect(readError?.extensions?.stored).toBeUndefined();
    expect(read.errors?.map((e) => e.message).join(' ')).not.toContain('fetch failed');

    const input = deathOf(person);
    const res = await report(stack, input);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', service: 'community', stored: 'unknown' });
    expect(res.errors?.[0].message).toMatch(/same idempotency key/);

    // Back: the resend with the same key is accepted, once.
    child = await startCommunity();
    const again = await report(stack, input);
    expect(again.errors).toBeUndefined();
    expect((await report(stack, input)).data!.reportPopulationChange.id).toBe(again.data!.reportPopulationChange.id);
  }, 90_000);
});
