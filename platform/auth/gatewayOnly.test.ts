import express from 'express';
import { createLogger } from '../logger';
import { listen, type RunningServer } from '../server/listen';
import { gatewayHeaders } from './gatewayProof';
import { onlyFromGateway } from './gatewayOnly';
import { memoryReplayGuard, type ReplayGuard } from './replayGuard';
import { DEVELOPMENT_GATEWAY_SECRET } from './secrets';

const BODY = JSON.stringify({ query: '{ __typename }' });
const signed = () => gatewayHeaders(DEVELOPMENT_GATEWAY_SECRET, 'health', { caller: { subject: 'test', role: 'health' }, purpose: null, requestId: 'req-1' }, BODY);

describe('onlyFromGateway and the replay guard', () => {
  let server: RunningServer;
  let guard: ReplayGuard;
  let reached = 0;
  beforeAll(async () => {
    const app = express();
    const logger = createLogger('gateway-only-test');
    // The guard the middleware asks is swapped per test.
    const asked: ReplayGuard = { firstUse: (n, e) => guard.firstUse(n, e), close: async () => undefined };
    app.use('/graphql', ...onlyFromGateway(DEVELOPMENT_GATEWAY_SECRET, logger, { subgraph: 'health', replayGuard: asked }), (_req, res) => {
      reached++;
      res.json({ data: { ok: true } });
    });
    server = await listen(app, 0);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    guard = memoryReplayGuard();
    reached = 0;
  });

  const post = (headers: Record<string, string>) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors?: { extensions: { code: string } }[] } }));

  it('lets a proof through once, and refuses it sent again: 403 before anything runs', async () => {
    const headers = signed();
    expect((await post(headers)).status).toBe(200);
    const again = await post(headers);
    expect(again).toMatchObject({ status: 403, body: { errors: [{ extensions: { code: 'FORBIDDEN' } }] } });
    expect(reached).toBe(1);
  });

  it('refuses (503) when the guard cannot say whether the proof was used: fail closed', async () => {
    guard = { firstUse: async () => Promise.reject(new Error('store gone')), close: async () => undefined };
    expect(await post(signed())).toMatchObject({ status: 503, body: { errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] } });
    expect(reached).toBe(0);
  });
});
