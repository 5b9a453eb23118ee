import { runDepartment } from '../../platform/department';
import { healthDepartment } from './subgraph';

void runDepartment(healthDepartment);
