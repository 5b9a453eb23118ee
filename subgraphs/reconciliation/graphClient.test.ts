/**
 * A run's one budget: when the graph does not answer within RECONCILIATION_TIMEOUT_MS the run
 * fails with a coded error naming the setting, and a query sent after the budget is spent fails
 * the same way without waiting again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { GraphClient } from './graphClient';

let server: Server;
let url: string;
beforeAll(async () => {
  // A gateway that takes the request and never answers.
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('fails a run whose budget runs out with SUBGRAPH_UNAVAILABLE naming RECONCILIATION_TIMEOUT_MS, every later query of the run too', async () => {
  const client = new GraphClient({ gatewayUrl: () => url, internalSecret: 'a-test-secret-that-is-long-enough-for-hmac', timeoutMs: 50 });
  const budget = AbortSignal.timeout(50);
  for (let i = 0; i < 2; i++) {
    const failure = await client.query('{ recordedDeaths { idNumber } }', 'req-1', { signal: budget }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(GraphQLError);
    expect((failure as GraphQLError).extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', service: 'gateway' });
    expect((failure as GraphQLError).message).toMatch(/within its budget \(RECONCILIATION_TIMEOUT_MS = 50 ms\)/);
  }
  expect(budget.aborted).toBe(true);
});
