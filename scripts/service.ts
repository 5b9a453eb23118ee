/**
 * The image's command: runs the service named by SERVICE_NAME (platform/services.ts) from the
 * build output, in this process. One image serves every container; docker-compose.yml names
 * the service, and the image's HEALTHCHECK (scripts/healthcheck.ts) reads the same variable.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../platform/config';
import { compiledEntry } from '../platform/paths';
import { SERVICES, service } from '../platform/services';

const names = SERVICES.map((s) => s.name) as [string, ...string[]];
try {
  const { SERVICE_NAME } = loadConfig('service', z.object({ SERVICE_NAME: z.enum(names) }));
  // The entry's bundle from the same build as this one (this file is dist/scripts/service.js),
  // chosen at run time: it starts the service as it loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(compiledEntry(service(SERVICE_NAME).entry, join(__dirname, '..')));
} catch (err) {
  console.error(`[service] could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
