import { createLogger } from '../../platform/logger';
import { exitOnStartupError, stopOnSignals } from '../../platform/server/listen';
import { serveSubgraph } from '../../platform/server/runSubgraph';
import { reconciliationConfig } from './config';
import { buildReconciliationSubgraph } from './subgraph';

async function main(): Promise<void> {
  const config = reconciliationConfig();
  const def = buildReconciliationSubgraph({ gatewayUrl: () => config.gatewayUrl, jwtSecret: config.jwtSecret, timeoutMs: config.timeoutMs });
  const running = await serveSubgraph(def, config.port, config.host, config.production);
  const logger = createLogger('reconciliation');
  logger.info('listening', { url: `${running.url}/graphql` });
  stopOnSignals(logger, () => running.close());
}

main().catch(exitOnStartupError('reconciliation'));
