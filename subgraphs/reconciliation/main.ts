import { runDepartment } from '../../platform/department';
import { exitOnStartupError } from '../../platform/server/listen';
import { reconciliationSettings } from './config';
import { reconciliationDepartment } from './subgraph';

try {
  const { gatewayUrl, ...reads } = reconciliationSettings();
  void runDepartment(reconciliationDepartment({ gatewayUrl: () => gatewayUrl, ...reads }));
} catch (err) {
  exitOnStartupError('reconciliation')(err);
}
