/**
 * npm run new:department -- <department> --system <system>: scaffolds a department in the one
 * shape every department has (platform/department), registers it and its system, and prints
 * what is left to do. Refuses a bad or taken name with exit code 2.
 */
import { relative } from 'node:path';
import { PROJECT_ROOT } from '../platform/paths';
import { ScaffoldError } from './newDepartment/names';
import { remainingSteps, scaffoldDepartment } from './newDepartment/scaffold';

const USAGE = 'usage: npm run new:department -- <department> --system <system>   (kebab-case names, e.g. public-security --system household-registration)';

function parseArgs(args: string[]): { department: string; system: string } {
  const at = args.indexOf('--system');
  const system = at >= 0 ? args[at + 1] : undefined;
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  if (rest.length !== 1 || !system) throw new ScaffoldError(`Give one department name and its system.\n${USAGE}`);
  return { department: rest[0], system };
}

function main(): void {
  try {
    const { department, system } = parseArgs(process.argv.slice(2));
    const result = scaffoldDepartment(PROJECT_ROOT, department, system);
    console.log(`Scaffolded the ${result.department.kebab} department (port ${result.subgraphPort}) over the ${result.system.kebab} system:`);
    for (const file of result.files) console.log(`  ${file}`);
    console.log(`  registered in platform/services.ts${result.systemPort === null ? '' : ' and domain/systems.ts'} (${relative(process.cwd(), PROJECT_ROOT) || '.'})`);
    console.log('\nLeft to do:');
    remainingSteps(result).forEach((step, i) => console.log(`${i + 1}. ${step}`));
  } catch (err) {
    if (err instanceof ScaffoldError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

main();
