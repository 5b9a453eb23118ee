import { runDepartment } from '../../platform/department';
import { hrssDepartment } from './subgraph';

void runDepartment(hrssDepartment);
