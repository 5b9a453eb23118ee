/** The gateway process: config, serve, stop gracefully on SIGINT/SIGTERM. */
import { createLogger } from '../platform/logger';
import { setupTracing } from '../platform/tracing/setup';
import { exitOnStartupError, listen, stopOnSignals } from '../platform/server/listen';
import { createGateway } from './app';
import { gatewayConfig } from './config';

async function main(): Promise<void> {
  const config = gatewayConfig();
  // Before serving: every request's spans go through this process's provider (OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set).
  const tracing = setupTracing(config.tracing);
  const gateway = await createGateway(config);
  const running = await listen(gateway.app, config.port, config.host);
  const logger = createLogger('gateway');
  logger.info('listening', { url: `${running.url}/graphql` });
  stopOnSignals(logger, async () => {
    await running.close();
    await gateway.stop();
    await tracing.shutdown();
  });
}

main().catch(exitOnStartupError('gateway'));
