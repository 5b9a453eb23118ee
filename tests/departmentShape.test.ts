/**
 * Every department subgraph has the one shape (platform/department): its declaration in
 * subgraph.ts, named after its folder and service, owning exactly the systems domain/systems.ts
 * gives it; main.ts only runs it; and nothing but main.ts and tests imports the declaration, so
 * resolvers take their context type from context.ts and no import loop comes back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SYSTEMS } from '../domain/systems';
import { systemsOf } from '../platform/department';
import { PROJECT_ROOT } from '../platform/paths';
import { SERVICES } from '../platform/services';
import { civilAffairsDepartment } from '../subgraphs/civil-affairs/subgraph';
import { communityDepartment } from '../subgraphs/community/subgraph';
import { healthDepartment } from '../subgraphs/health/subgraph';
import { hrssDepartment } from '../subgraphs/hrss/subgraph';
import { reconciliationDepartment } from '../subgraphs/reconciliation/subgraph';

/** Each subgraph service's declaration: a new department adds its own line here. */
const DECLARATIONS: Record<string, { name: string; systems: object }> = {
  community: communityDepartment,
  'civil-affairs': civilAffairsDepartment,
  hrss: hrssDepartment,
  health: healthDepartment,
  reconciliation: reconciliationDepartment({ gatewayUrl: () => 'http://127.0.0.1:4000', timeoutMs: 1000 }),
};

const subgraphs = SERVICES.filter((s) => s.kind === 'subgraph').map((s) => s.name);

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourcesUnder(path) : entry.endsWith('.ts') ? [path] : [];
  });
}

describe('the department shape', () => {
  it('has one declaration per subgraph service', () => {
    expect(Object.keys(DECLARATIONS).sort()).toEqual([...subgraphs].sort());
  });

  it.each(subgraphs)('%s: declared under its own name, owning exactly its systems', (name) => {
    const declaration = DECLARATIONS[name];
    expect(declaration.name).toBe(name);
    const owned = Object.values(SYSTEMS).filter((s) => s.department === name).map((s) => s.name);
    expect(systemsOf(declaration).sort()).toEqual(owned.sort());
  });

  it.each(subgraphs)('%s: main.ts runs the declaration and nothing else imports it', (name) => {
    const dir = join(PROJECT_ROOT, 'subgraphs', name);
    expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toMatch(/runDepartment\(/);
    const importers = sourcesUnder(dir)
      // Tests and their support (testing.ts) serve the declaration, as main.ts does.
      .filter((file) => !/(\.test|testing|main)\.ts$/.test(file))
      .filter((file) => /from '(\.\.?\/)+subgraph'/.test(readFileSync(file, 'utf8')));
    expect(importers.map((file) => relative(PROJECT_ROOT, file))).toEqual([]);
  });
});
