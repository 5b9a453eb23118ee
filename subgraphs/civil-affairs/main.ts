import { runDepartment } from '../../platform/department';
import { civilAffairsDepartment } from './subgraph';

void runDepartment(civilAffairsDepartment);
