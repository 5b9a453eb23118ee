/**
 * npm start's host of the department subgraphs: every subgraph of platform/services.ts served in
 * this one process, each on its own port with its own config, logger, stores and delivery worker,
 * exactly as its main.ts serves it alone. For the embedded default only (one small machine):
 * production runs each subgraph from its own main.ts, one process or container each
 * (scripts/service.ts), and tests/support/stack.ts hosts them together the same way as here.
 * One Node runtime and one copy of the libraries instead of six saves some 60 MB per subgraph.
 */
import type { SystemName } from '../domain/systems';
import { departmentConfig, serveDepartment, type Department, type DepartmentContext } from '../platform/department';
import { createLogger } from '../platform/logger';
import { exitOnStartupError, stopOnSignals, type RunningServer } from '../platform/server/listen';
import { civilAffairsDepartment } from '../subgraphs/civil-affairs/subgraph';
import { communityDepartment } from '../subgraphs/community/subgraph';
import { healthDepartment } from '../subgraphs/health/subgraph';
import { hrssDepartment } from '../subgraphs/hrss/subgraph';
import { exchangeAppConfig } from '../subgraphs/public-security/config';
import { publicSecurityDepartment } from '../subgraphs/public-security/subgraph';
import { reconciliationSettings } from '../subgraphs/reconciliation/config';
import { reconciliationDepartment } from '../subgraphs/reconciliation/subgraph';

/** Serves a department on its configured port, as runDepartment does. */
function served<S extends SystemName, A, L, Ctx extends DepartmentContext<A, L>>(department: Department<S, A, L, Ctx>): Promise<RunningServer> {
  return serveDepartment(department, departmentConfig(department), { logger: createLogger(department.name) });
}

/**
 * Every subgraph, by service name, made as its main.ts makes it. A new department adds its line
 * (tests/compiledStart.test.ts fails, naming it, until it does).
 */
export const HOSTED_DEPARTMENTS: Readonly<Record<string, () => Promise<RunningServer>>> = {
  community: () => served(communityDepartment),
  'civil-affairs': () => served(civilAffairsDepartment),
  hrss: () => served(hrssDepartment),
  health: () => served(healthDepartment),
  'public-security': () => served(publicSecurityDepartment(exchangeAppConfig())),
  reconciliation: () => {
    const { gatewayUrl, timeoutMs } = reconciliationSettings();
    return served(reconciliationDepartment({ gatewayUrl: () => gatewayUrl, timeoutMs }));
  },
};

async function main(): Promise<void> {
  const running: RunningServer[] = [];
  // One handler for them all: every department finishes its delivery round and closes before the process exits.
  stopOnSignals(createLogger('departments'), async () => {
    await Promise.all(running.map((r) => r.close()));
  });
  await Promise.all(
    Object.entries(HOSTED_DEPARTMENTS).map(async ([name, serve]) => {
      const server = await serve();
      running.push(server);
      createLogger(name).info('listening', { url: `${server.url}/graphql` });
    }),
  );
}

if (require.main === module) main().catch(exitOnStartupError('departments'));
