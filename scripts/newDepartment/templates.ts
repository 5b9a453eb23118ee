/**
 * The files of a new department, in the one shape every department has (platform/department):
 * the declaration, its context type, resolvers, per-request loaders, main.ts, one adapter
 * (description + executor) and a test; and its SDL, extending Resident by one field.
 */
import type { Names } from './names';

export interface Scaffold {
  department: Names;
  system: Names;
}

/** The Resident field the department contributes first: `<department>Record`. */
export const fieldOf = ({ department }: Scaffold): string => `${department.camel}Record`;

const sdl = (s: Scaffold): string => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@inaccessible"])

"""
Who may read: callers of these roles only. A field without it takes its type's; a field with
neither is read by nobody. Enforced in the subgraph (platform/auth/fieldPolicy.ts).
"""
directive @allow(roles: [String!]!) on FIELD_DEFINITION | OBJECT
"""Personal data: a read needs a declared purpose (X-Purpose) and is recorded in the audit log."""
directive @sensitive on FIELD_DEFINITION | OBJECT
"""The value is masked (first 6 and last 4 characters kept) for every role but these."""
directive @masked(unmaskedFor: [String!]!) on FIELD_DEFINITION

"""The ${s.department.words} department's view of a resident, from the ${s.system.words} system."""
type Resident @key(fields: "joinKey") {
  idNumber: ID @shareable @sensitive @allow(roles: ["civil-affairs", "hrss", "health", "community", "supervision", "reconciliation"]) @masked(unmaskedFor: ["civil-affairs", "hrss", "health", "community", "reconciliation"])
  """The sealed key the gateway joins residents on between subgraphs (never part of the API)."""
  joinKey: String! @inaccessible @allow(roles: ["civil-affairs", "hrss", "health", "community", "supervision", "reconciliation"])
  """The ${s.system.words} system's record of the person; null when it holds none. Who may read it: decide with the permission matrix (README), then set @allow."""
  ${fieldOf(s)}: ${s.department.pascal}Record @sensitive @allow(roles: ["supervision"])
}

type ${s.department.pascal}Record @allow(roles: ["supervision"]) {
  """The record's status as the system states it."""
  status: String!
}
`;

const declaration = ({ department: d, system: y }: Scaffold): string => `/**
 * The ${d.words} department: wraps the ${y.words} system. The platform wires the rest
 * (platform/department): config, logger, the HTTP client, stores, audit, worker, context.
 */
import { defineDepartment } from '../../platform/department';
import { ${y.pascal}Adapter } from './adapters/${y.kebab}';
import { create${d.pascal}Loaders } from './loaders';
import { ${d.camel}Resolvers } from './resolvers';

export const ${d.camel}Department = defineDepartment({
  name: '${d.kebab}',
  // Client tuning per system (retries, timeoutMs, backoffBaseMs...); {} keeps the platform's defaults.
  systems: { ${y.constant}: {} },
  adapters: (clients) => ({ ${y.camel}: new ${y.pascal}Adapter(clients.${y.constant}) }),
  loaders: ({ ${y.camel} }) => create${d.pascal}Loaders(${y.camel}),
  resolvers: ${d.camel}Resolvers,
  // The write-through: one delivery handler per system that takes the department's writes (e.g. subgraphs/hrss/deliveries).
  deliveries: () => [],
});
`;

const context = ({ department: d, system: y }: Scaffold): string => `/** What the ${d.words} resolvers get: the platform's department context over this department's adapters and loaders. */
import type { DepartmentContext } from '../../platform/department';
import type { ${y.pascal}Adapter } from './adapters/${y.kebab}';
import type { ${d.pascal}Loaders } from './loaders';

export interface ${d.pascal}Adapters {
  ${y.camel}: ${y.pascal}Adapter;
}

export type ${d.pascal}Context = DepartmentContext<${d.pascal}Adapters, ${d.pascal}Loaders>;
`;

const loaders = ({ department: d, system: y }: Scaffold): string => `/** Per-request loaders of the ${d.words} department: one batched lookup per batch of residents, whatever the query asks. */
import type DataLoader from 'dataloader';
import { batchLoader } from '../../platform/loaders';
import { ${y.constant}_MAX_BATCH, type ${y.pascal}Adapter, type ${y.pascal}Record } from './adapters/${y.kebab}';

export interface ${d.pascal}Loaders {
  /** The system's record by ID number; null when it holds none. */
  record: DataLoader<string, ${y.pascal}Record | null>;
}

export function create${d.pascal}Loaders(${y.camel}: ${y.pascal}Adapter): ${d.pascal}Loaders {
  return { record: batchLoader((ids) => ${y.camel}.lookupMany(ids), ${y.constant}_MAX_BATCH) };
}
`;

const resolvers = (s: Scaffold): string => `/**
 * Resident fields owned by the ${s.department.words} department. Entity resolution calls no system:
 * each field asks the loader, so a failing ${s.system.words} system nulls only these fields.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { ${s.system.pascal}Record } from './adapters/${s.system.kebab}';
import type { ${s.department.pascal}Context } from './context';

interface ResidentRef {
  idNumber: string;
}

export const ${s.department.camel}Resolvers: GraphQLResolverMap<${s.department.pascal}Context> = {
  Resident: {
    __resolveReference: (ref: ResidentRef): ResidentRef => ({ idNumber: ref.idNumber }),
    ${fieldOf(s)}: (resident: ResidentRef, _args: unknown, ctx: ${s.department.pascal}Context): Promise<${s.system.pascal}Record | null> => ctx.loaders.record.load(resident.idNumber),
  },
};
`;

const main = ({ department: d }: Scaffold): string => `import { runDepartment } from '../../platform/department';
import { ${d.camel}Department } from './subgraph';

void runDepartment(${d.camel}Department);
`;

const description = ({ system: y }: Scaffold): string => `/**
 * What the ${y.words} system looks like on the wire: its paths, limits and replies. Written for a
 * JSON batch lookup; change it to the system's real protocol (the executor turns it into domain values).
 */
import { z } from 'zod';

/** Most ID numbers one lookup carries. */
export const MAX_BATCH = 50;

export const paths = {
  lookup: '/records/lookup',
};

export const LookupRequest = (idNumbers: readonly string[]) => JSON.stringify({ idNumbers });

export const LookupReply = z.object({
  records: z.array(z.object({ idNumber: z.string(), status: z.string() })),
});
`;

const executor = ({ system: y }: Scaffold): string => `/**
 * Requests to the ${y.words} system through the platform's HTTP client (time budget, retries,
 * circuit breaker), its replies normalised to what the resolvers read.
 */
import { UpstreamError } from '../../../../platform/errors';
import { assertClientFor, type HttpClient } from '../../../../platform/http/client';
import { LookupReply, LookupRequest, MAX_BATCH, paths } from './description';

const SYSTEM = '${y.constant}';

/** The person's record as the department's resolvers see it. */
export interface ${y.pascal}Record {
  status: string;
}

export class ${y.pascal}Adapter {
  constructor(private readonly http: HttpClient) {
    assertClientFor(SYSTEM, http);
  }

  /** Records of many people, in lookups of at most MAX_BATCH; people the system does not know are absent. */
  async lookupMany(idNumbers: readonly string[]): Promise<Map<string, ${y.pascal}Record>> {
    const found = new Map<string, ${y.pascal}Record>();
    for (let at = 0; at < idNumbers.length; at += MAX_BATCH) {
      const res = await this.http.request({
        method: 'POST',
        path: paths.lookup,
        headers: { 'content-type': 'application/json' },
        body: LookupRequest(idNumbers.slice(at, at + MAX_BATCH)),
        // A lookup reads only: safe to repeat, and it counts against the reads' circuit.
        idempotent: true,
        kind: 'read',
        // The metrics' name of this call (system_calls_total): a fixed word, never the path.
        operation: 'lookupBatch',
      });
      const reply = LookupReply.safeParse(parseJson(res.body));
      if (!reply.success) throw new UpstreamError(SYSTEM, 'SYSTEM_ERROR', 'answered the lookup in a shape this adapter does not know', res.status);
      for (const record of reply.data.records) found.set(record.idNumber, { status: record.status });
    }
    return found;
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
`;

const adapterIndex = ({ system: y }: Scaffold): string => `export { ${y.pascal}Adapter, type ${y.pascal}Record } from './executor';
export { MAX_BATCH as ${y.constant}_MAX_BATCH } from './description';
`;

const test = (s: Scaffold): string => `import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, type ObjectTypeDefinitionNode } from 'graphql';
import { departmentConfig, serveDepartment } from '../../platform/department';
import { loadSubgraphSdl } from '../../platform/server/subgraph';
import { ${s.department.camel}Department } from './subgraph';

describe('${s.department.kebab} subgraph', () => {
  it('builds from its declaration and answers its health check', async () => {
    // Its own data folder: the intake store and audit log of this test only.
    const dataDir = mkdtempSync(join(tmpdir(), '${s.department.kebab}-'));
    const subgraph = await serveDepartment(${s.department.camel}Department, departmentConfig(${s.department.camel}Department, { DATA_DIR: dataDir }), { port: 0 });
    try {
      const res = await fetch(subgraph.url + '/healthz');
      expect(await res.json()).toEqual({ status: 'ok', service: '${s.department.kebab}' });
    } finally {
      await subgraph.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('resolves every Resident field its SDL contributes', () => {
    const resident = loadSubgraphSdl('${s.department.kebab}').definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Resident',
    );
    // idNumber and joinKey are the key every subgraph shares; the platform resolves them.
    const contributed = (resident?.fields ?? []).map((f) => f.name.value).filter((name) => name !== 'idNumber' && name !== 'joinKey');
    expect(contributed).toContain('${fieldOf(s)}');
    expect(Object.keys(${s.department.camel}Department.resolvers.Resident ?? {})).toEqual(expect.arrayContaining(contributed));
  });
});
`;

/** Every file of the scaffold, by path from the project root. */
export function scaffoldFiles(s: Scaffold): Record<string, string> {
  const dir = `subgraphs/${s.department.kebab}`;
  const adapter = `${dir}/adapters/${s.system.kebab}`;
  return {
    [`schema/${s.department.kebab}.graphql`]: sdl(s),
    [`${dir}/subgraph.ts`]: declaration(s),
    [`${dir}/context.ts`]: context(s),
    [`${dir}/loaders.ts`]: loaders(s),
    [`${dir}/resolvers.ts`]: resolvers(s),
    [`${dir}/main.ts`]: main(s),
    [`${dir}/subgraph.test.ts`]: test(s),
    [`${adapter}/description.ts`]: description(s),
    [`${adapter}/executor.ts`]: executor(s),
    [`${adapter}/index.ts`]: adapterIndex(s),
  };
}
