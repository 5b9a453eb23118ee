/**
 * Starting and stopping HTTP servers the same way in every service: listen (port 0 in tests),
 * report the URL, and close gracefully: stop accepting, let in-flight requests finish for a
 * grace period, then drop idle keep-alive connections.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function listen(handler: RequestListener, port: number, host = '127.0.0.1', graceMs = 5000): Promise<RunningServer> {
  const server = createServer(handler);
  // Keep-alive longer than common proxies' idle timeouts, so a proxy never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    server,
    port: actual,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      })),
  };
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('stopping', { signal });
    stop()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error('stop failed', { error: String(err) });
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Prints a configuration or start-up error readably and exits (used by every main.ts). */
export function exitOnStartupError(service: string): (err: unknown) => never {
  return (err) => {
    console.error(`[${service}] could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  };
}
