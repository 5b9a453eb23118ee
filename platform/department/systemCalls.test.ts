/** SYSTEM_CALLS switches a department's system calls between the keep-alive pool and a plain fetch per call (the benchmark's "cheaper calls" on vs off). */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClients } from './clients';
import { departmentConfig } from './config';

const hrss = { name: 'hrss', systems: { SOCIAL_INSURANCE: {} } } as const;

/** One call through the department's client to a real server; returns the headers the server saw. */
async function headersOfOneCall(env: NodeJS.ProcessEnv): Promise<IncomingHttpHeaders> {
  let seen: IncomingHttpHeaders = {};
  const server = createServer((req, res) => {
    seen = req.headers;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = systemClients(hrss, departmentConfig(hrss, { ...env, SOCIAL_INSURANCE_URL: url }));
  try {
    await clients.SOCIAL_INSURANCE.request({ method: 'GET', path: '/x' });
    return seen;
  } finally {
    await clients.SOCIAL_INSURANCE.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe('SYSTEM_CALLS', () => {
  // fetch (the WHATWG algorithm) always adds sec-fetch-mode; undici's request API sends only the headers given.
  it('pooled (the default) calls through the pool, without fetch’s own headers', async () => {
    expect((await headersOfOneCall({}))['sec-fetch-mode']).toBeUndefined();
  });

  it('plain calls through fetch', async () => {
    expect((await headersOfOneCall({ SYSTEM_CALLS: 'plain' }))['sec-fetch-mode']).toBe('cors');
  });
});
