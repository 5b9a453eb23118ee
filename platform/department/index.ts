export { defineDepartment, type Department, type DepartmentConfig, type DepartmentContext, type DepartmentServices, type SystemClientOptions, type SystemClients } from './types';
export { buildDepartment } from './build';
export { departmentConfig } from './config';
export { systemClients, systemsOf } from './clients';
export { DepartmentSetupError } from './errors';
export { runDepartment, serveDepartment, type ServeDepartmentOptions } from './serve';
