import { createAuditStore } from '../../platform/audit';
import { createLogger } from '../../platform/logger';
import { exitOnStartupError, stopOnSignals } from '../../platform/server/listen';
import { serveSubgraph } from '../../platform/server/runSubgraph';
import { reconciliationConfig } from './config';
import { buildReconciliationSubgraph } from './subgraph';

async function main(): Promise<void> {
  const config = reconciliationConfig();
  const audit = createAuditStore(config.auditStore);
  const def = buildReconciliationSubgraph({ gatewayUrl: () => config.gatewayUrl, internalSecret: config.gatewaySecret, timeoutMs: config.timeoutMs, audit });
  const running = await serveSubgraph(def, config.port, { host: config.host, production: config.production, gatewaySecret: config.gatewaySecret, replay: config.auditStore });
  const logger = createLogger('reconciliation');
  logger.info('listening', { url: `${running.url}/graphql` });
  stopOnSignals(logger, () => running.close());
}

main().catch(exitOnStartupError('reconciliation'));
