import { runDepartment } from '../../platform/department';
import { exitOnStartupError } from '../../platform/server/listen';
import { exchangeAppConfig } from './config';
import { publicSecurityDepartment } from './subgraph';

try {
  void runDepartment(publicSecurityDepartment(exchangeAppConfig()));
} catch (err) {
  exitOnStartupError('public-security')(err);
}
