import { runDepartment } from '../../platform/department';
import { communityDepartment } from './subgraph';

void runDepartment(communityDepartment);
