/**
 * The SDL implements the permission matrix and the README shows it: every field of every
 * subgraph carries exactly the @allow, @sensitive and @masked the matrix (or, for fields it does
 * not list, the type-level table) says, no field is left to the deny-all default, and the README's
 * table is the matrix rendered.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldPolicy, policedFields } from '../platform/auth/fieldPolicy';
import { allowedRoles, INTERNAL_FIELDS, MATRIX, renderMatrix, TYPE_ACCESS, unmaskedRoles } from '../platform/auth/permissions';
import { loadSubgraphSdl } from '../platform/server/subgraph';
import { SERVICES } from '../platform/services';

const SUBGRAPHS = SERVICES.filter((s) => s.kind === 'subgraph').map((s) => s.name);
const sorted = (roles: Iterable<string> | null) => (roles ? [...roles].sort() : null);

describe.each(SUBGRAPHS)('schema/%s.graphql', (name) => {
  const schema = buildSubgraphSchema({ typeDefs: loadSubgraphSdl(name) });
  const fields = [...policedFields(schema)].map(([type, field]) => ({ coordinate: `${type.name}.${field.name}`, type: type.name, policy: fieldPolicy(schema, type, field) }));

  it.each(fields.map((f) => [f.coordinate, f] as const))('%s is annotated as the matrix says', (coordinate, { type, policy }) => {
    const row = MATRIX.find((r) => r.field === coordinate);
    const declared = { allow: sorted(policy.allow), sensitive: policy.sensitive, unmaskedFor: sorted(policy.unmaskedFor) };
    if (row) {
      expect(declared).toEqual({ allow: sorted(allowedRoles(row)), sensitive: row.sensitive, unmaskedFor: row.maskedByResolver ? null : sorted(unmaskedRoles(row)) });
    } else {
      const roles = INTERNAL_FIELDS[coordinate] ?? TYPE_ACCESS[type];
      // A field the tables do not cover would be read by nobody (the default): list it in permissions.ts.
      expect(roles).toBeDefined();
      expect(declared).toEqual({ allow: sorted(roles), sensitive: false, unmaskedFor: null });
    }
  });
});

it('every row of the matrix names a field some subgraph declares', () => {
  const declared = new Set(SUBGRAPHS.flatMap((name) => [...policedFields(buildSubgraphSchema({ typeDefs: loadSubgraphSdl(name) }))].map(([t, f]) => `${t.name}.${f.name}`)));
  expect(MATRIX.map((r) => r.field).filter((f) => !declared.has(f))).toEqual([]);
});

it('the README shows the matrix as it is', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  // On failure, paste the expected table into the README's "Who may see what".
  expect(readme).toContain(renderMatrix());
});
