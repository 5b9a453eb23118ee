/** The load balancer process (docker-compose.yml): config from the environment, stop on SIGTERM. */
import { createLogger } from '../logger';
import { exitOnStartupError, stopOnSignals } from '../server/listen';
import { startBalancer } from './balancer';
import { balancerConfig } from './config';

async function main(): Promise<void> {
  const config = balancerConfig();
  const logger = createLogger(`${config.BALANCER_SERVICE}-balancer`);
  const running = await startBalancer(
    { service: config.BALANCER_SERVICE, upstreams: config.BALANCER_UPSTREAMS, healthIntervalMs: config.BALANCER_HEALTH_INTERVAL_MS, logger },
    config.BALANCER_PORT,
    config.HOST,
  );
  logger.info('balancing', { url: running.url, upstreams: config.BALANCER_UPSTREAMS });
  stopOnSignals(logger, () => running.close());
}

main().catch(exitOnStartupError('load balancer'));
