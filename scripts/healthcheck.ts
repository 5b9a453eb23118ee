/**
 * The image's HEALTHCHECK, with Node alone (no curl in the runtime image):
 *   node dist/scripts/healthcheck.js [url]
 * exits 0 when the URL answers 200 within 3 s, else 1 with the reason on stderr. Without a URL it
 * probes the service named by SERVICE_NAME on its configured port (`<SERVICE>_PORT`):
 * the gateway's /readyz (it can answer only when its subgraphs do), every other service's /healthz.
 */
import { z } from 'zod';
import { loadConfig, port } from '../platform/config';
import { envPrefix, SERVICES, service } from '../platform/services';

const TIMEOUT_MS = 3000;

function urlFromEnvironment(): string {
  const names = SERVICES.map((s) => s.name) as [string, ...string[]];
  const { SERVICE_NAME } = loadConfig('healthcheck', z.object({ SERVICE_NAME: z.enum(names) }));
  const entry = service(SERVICE_NAME);
  const key = `${envPrefix(entry.name)}_PORT`;
  const env = loadConfig('healthcheck', z.object({ [key]: port(entry.port) })) as Record<string, number>;
  return `http://127.0.0.1:${env[key]}/${entry.kind === 'gateway' ? 'readyz' : 'healthz'}`;
}

async function main(): Promise<number> {
  const url = process.argv[2] ?? urlFromEnvironment();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status === 200) return 0;
    console.error(`${url} answered ${res.status}`);
  } catch (err) {
    console.error(`${url} did not answer: ${err instanceof Error ? err.message : String(err)}`);
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
