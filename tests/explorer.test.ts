/**
 * The GraphiQL explorer (/explorer): served by the gateway in development with every script and
 * stylesheet from the gateway itself (nothing from a CDN), signing in as a chosen role with a
 * development token, the SDL's descriptions readable through introspection; absent (404) in
 * production. Gateways over the committed supergraph on port 0; no subgraph is needed, since
 * nothing here reaches one.
 */
import { jwtVerify } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../gateway/app';
import { gatewayConfig, type GatewayConfig } from '../gateway/config';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { listen } from '../platform/server/listen';
import { buildWeb } from '../scripts/buildWeb';

const webDir = mkdtempSync(join(tmpdir(), 'explorer-web-'));
const closers: Array<() => Promise<void>> = [];

async function gateway(change: (config: GatewayConfig) => GatewayConfig = (c) => c): Promise<string> {
  const config = change(gatewayConfig({ NODE_ENV: 'development', SUPERGRAPH_FILE: join(__dirname, '..', 'schema', 'supergraph.graphql') }));
  const gw = await createGateway(config, { webDir });
  const server = await listen(gw.app, 0);
  closers.push(async () => {
    server.server.closeAllConnections();
    await server.close();
    await gw.stop();
  });
  return server.url;
}

const mint = (url: string, body: unknown) => fetch(`${url}/explorer/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  await buildWeb({ outDir: webDir });
});
afterAll(async () => {
  for (const close of closers) await close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('the explorer in development', () => {
  let url: string;
  beforeAll(async () => {
    url = await gateway();
  });

  it('serves a page whose scripts and stylesheets all come from the gateway, under a same-origin-only policy', async () => {
    const page = await fetch(`${url}/explorer`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'.*connect-src 'self'/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    // data: URLs are inline (the empty favicon): nothing is fetched for them.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((a) => !a.startsWith('data:'));
    expect(assets).toEqual(expect.arrayContaining(['/explorer/vendor/react.js', '/explorer/vendor/react-dom.js', '/explorer/vendor/graphiql.js', '/explorer/vendor/graphiql.css']));
    for (const asset of assets) {
      expect(asset).toMatch(/^\/[^/]/);
      const res = await fetch(`${url}${asset}`);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      const text = await res.text();
      // The bundles mention documentation links in messages; none is loaded: no import, script, stylesheet or font from elsewhere.
      expect({ asset, loads: /(?:import\(|url\(|src=|href=)\s*["']?(?:https?:)?\/\/(?!www\.w3\.org)/.exec(text)?.[0] ?? null }).toEqual({ asset, loads: null });
    }
  });

  it('mints a development token for the chosen role, and the graph answers it with the SDL descriptions as the reference', async () => {
    const res = await mint(url, { role: 'hrss' });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const { payload } = await jwtVerify(token, new TextEncoder().encode(DEVELOPMENT_JWT_SECRET));
    expect(payload).toMatchObject({ role: 'hrss', sub: 'explorer-hrss' });

    const introspection = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __type(name: "VitalStatus") { fields { name } } resident: __type(name: "Resident") { fields { name description } } }' }),
    });
    const { data } = (await introspection.json()) as { data: { resident: { fields: Array<{ name: string; description: string | null }> } } };
    expect(data.resident.fields.find((f) => f.name === 'vitalStatus')?.description).toMatch(/health platform/);
  });

  it('refuses a community token without its community, and an unknown role, naming what it expects', async () => {
    const noCommunity = await mint(url, { role: 'community' });
    expect(noCommunity.status).toBe(400);
    expect(await noCommunity.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', message: expect.stringMatching(/community/) } });
    expect((await mint(url, { role: 'community', community: '510114001001' })).status).toBe(200);
    expect((await mint(url, { role: 'root' })).status).toBe(400);
  });

  it('serves only its four bundles: any other name under /explorer/vendor is 404', async () => {
    for (const name of ['constructor', '__proto__', '..%2Fpackage.json', 'graphiql.min.js']) expect((await fetch(`${url}/explorer/vendor/${name}`)).status).toBe(404);
  });

  it('mints nothing when the gateway has a JWT secret of its own', async () => {
    const own = await gateway((c) => ({ ...c, jwtSecret: 'a-secret-of-this-deployment-only-0123456789' }));
    const res = await mint(own, { role: 'hrss' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/npm run token/) } });
  });
});

describe('the explorer in production', () => {
  it.each(['/explorer', '/explorer/vendor/graphiql.js', '/explorer/session'])('GET %s is 404', async (path) => {
    const url = await gateway((c) => ({ ...c, production: true, edge: { ...c.edge, production: true } }));
    expect((await fetch(`${url}${path}`)).status).toBe(404);
    expect((await mint(url, { role: 'hrss' })).status).toBe(404);
  });
});
