/**
 * The embedded identity provider as its own process (npm start runs it; tests start it with
 * IDENTITY_PORT=0 or a free port). Development and tests only: its config refuses production.
 */
import { createLogger } from '../../platform/logger';
import { exitOnStartupError, stopOnSignals } from '../../platform/server/listen';
import { identityConfig } from './config';
import { startIdentityProvider } from './provider';

async function main(): Promise<void> {
  const logger = createLogger('identity');
  const provider = await startIdentityProvider(identityConfig(), logger);
  logger.info('identity provider listening', { issuer: provider.issuer });
  stopOnSignals(logger, provider.close);
}

main().catch(exitOnStartupError('identity'));
