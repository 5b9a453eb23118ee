/** Writes a new department into a project tree: its files in the one shape, and its entries in the two registries. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { namesOf, ScaffoldError, type Names } from './names';
import { addSubgraphService, addSystemService, registeredSystem, registerSystem, servicesListed } from './registries';
import { fieldOf, scaffoldFiles } from './templates';

export interface ScaffoldResult {
  department: Names;
  system: Names;
  /** Files written, from the project root. */
  files: string[];
  subgraphPort: number;
  /** Null when the system was registered already (and so was its service). */
  systemPort: number | null;
  field: string;
}

export function scaffoldDepartment(root: string, departmentName: string, systemName: string): ScaffoldResult {
  const department = namesOf(departmentName, 'department');
  const system = namesOf(systemName, 'system');
  const services = servicesListed(root);
  if (services.includes(department.kebab)) throw new ScaffoldError(`"${department.kebab}" is already a service in platform/services.ts: choose another name.`);
  for (const taken of [`subgraphs/${department.kebab}`, `schema/${department.kebab}.graphql`]) {
    if (existsSync(join(root, taken))) throw new ScaffoldError(`${taken} exists already: choose another name, or remove it first.`);
  }
  const registered = registeredSystem(root, system);
  if (registered && registered.department !== department.kebab) {
    throw new ScaffoldError(`The ${system.kebab} system belongs to the ${registered.department} department (domain/systems.ts): a department wraps only systems of its own.`);
  }
  if (!registered && services.includes(system.kebab)) throw new ScaffoldError(`"${system.kebab}" is already a service in platform/services.ts but no system of domain/systems.ts: choose another system name.`);

  const files = scaffoldFiles({ department, system });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text, { flag: 'wx' });
  }
  const subgraphPort = addSubgraphService(root, department);
  let systemPort: number | null = null;
  if (!registered) {
    registerSystem(root, department, system);
    systemPort = addSystemService(root, system);
  }
  return { department, system, files: Object.keys(files), subgraphPort, systemPort, field: fieldOf({ department, system }) };
}

/** What is left to the integrator, in order. */
export function remainingSteps(r: ScaffoldResult): string[] {
  const { department: d, system: y } = r;
  return [
    `Point the subgraph at the system: ${y.constant}_URL (default http://127.0.0.1:${r.systemPort ?? '<its port>'}); write its stand-in under systems/${y.kebab}/ (main.ts, standIn.ts, seed) and add it to STAND_INS in tests/support/stack.ts, and the department to its DEPARTMENTS.`,
    `Write the adapter for the real protocol: subgraphs/${d.kebab}/adapters/${y.kebab}/description.ts (the wire) and executor.ts (requests, normalised replies).`,
    `Decide who reads Resident.${r.field}: its rows in platform/auth/permissions.ts and README's permission matrix, then set @allow in schema/${d.kebab}.graphql.`,
    `Labels for the pages: ${y.constant} and '${d.kebab}' in web/shared/labels.ts.`,
    `Every report now gets a delivery to ${y.constant}: write its handler in subgraphs/${d.kebab}/deliveries/ and list it in deliveries (or, for a system that takes no writes, keep it out of the systems reports are delivered to).`,
    `Add the ${d.kebab} service (port ${r.subgraphPort}) to docker-compose.yml, then run npm run compose and commit schema/supergraph.graphql.`,
    `Add ${d.camel}Department to DECLARATIONS in tests/departmentShape.test.ts (it holds every department to the one shape), and to HOSTED_DEPARTMENTS in scripts/departments.ts (npm start serves it from there).`,
    `Run npx jest subgraphs/${d.kebab} tests/composition.test.ts tests/departmentShape.test.ts, then npm test.`,
  ];
}
