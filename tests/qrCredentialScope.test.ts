/**
 * A QR credential (anyone who photographs the printed sheet holds it) reports for its community
 * and reads back the status of the reports it made itself, and nothing else. Every query and
 * mutation of the composed API schema is tried with it, and every field reachable under the two
 * roots it may use: the operations are generated from schema/supergraph.graphql, not listed here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type GraphQLResponse, type Stack } from './support/stack';
import { deathOf, report, waitForIntake } from './support/reports';

const COMMUNITY = '510114001001';
const api = Supergraph.build(readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();

/** What the status of a report is, as this test expects it: no change, no names, no form contents, no error texts. */
const STATUS_FIELDS = new Set([
  'Intake.id', 'Intake.reference', 'Intake.status', 'Intake.createdAt', 'Intake.deliveries', 'Intake.forms', 'Intake.review',
  'Delivery.system', 'Delivery.status', 'Delivery.attempts', 'Delivery.updatedAt',
  'Form.id', 'Form.type', 'Form.number', 'Form.title', 'Form.department', 'Form.createdAt', 'Form.intakeId',
  'IntakeReview.state', 'IntakeReview.at', 'Intake.withdrawal', 'IntakeWithdrawal.at', 'IntakeWithdrawal.awaitingReversal',
]);

/** A value of the input type that passes validation (the refusals under test come after it). */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, sample(f.type)]));
  return { Int: 1, Float: 1, Boolean: true, Date: '2026-01-01' }[type.name] ?? '510114001001';
}

const plainFields = (type: GraphQLObjectType) => Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));

/** Every field of the object type, `depth` levels down. */
function selectAll(type: GraphQLObjectType, depth: number): string {
  const parts = plainFields(type).flatMap((f) => {
    const named = getNamedType(f.type);
    if (isLeafType(named)) return [f.name];
    if (depth > 0 && isObjectType(named)) return [`${f.name} ${selectAll(named, depth - 1)}`];
    return [];
  });
  return `{ __typename ${parts.join(' ')} }`;
}

/** One operation asking for the root field, with every argument given (as variables) and everything below it selected. */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const declared = field.args.map((a, i) => `$a${i}: ${String(a.type)}`);
  const args = field.args.map((a, i) => `${a.name}: $a${i}`);
  const named = getNamedType(field.type);
  const below = isObjectType(named) ? selectAll(named, 2) : '';
  return {
    text: `${kind}${declared.length ? `(${declared.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${below} }`,
    variables: Object.fromEntries(field.args.map((a, i) => [`a${i}`, sample(a.type)])),
  };
}

/** Every path of fields below Intake, to `depth` levels, with the coordinate (Type.field) of each step. */
function pathsBelow(type: GraphQLObjectType, depth: number, prefix: { name: string; coordinate: string }[] = []): { name: string; coordinate: string }[][] {
  return plainFields(type).flatMap((f) => {
    const step = [...prefix, { name: f.name, coordinate: `${type.name}.${f.name}` }];
    const named = getNamedType(f.type);
    return isObjectType(named) && depth > 0 ? [step, ...pathsBelow(named, depth - 1, step)] : [step];
  });
}

function selectionOf(path: { name: string }[], leafType: string): string {
  const leaf = isLeafType(api.getType(leafType)) ? '' : ' { __typename }';
  return path.reduceRight((inner, step, i) => `${step.name}${i === path.length - 1 ? leaf : ` { ${inner} }`}`, '');
}

const ROOTS = [
  ...Object.values(api.getQueryType()!.getFields()).map((f) => ['query', f] as const),
  ...Object.values(api.getMutationType()!.getFields()).map((f) => ['mutation', f] as const),
];
const ALLOWED_ROOTS = ['intake', 'reportPopulationChange'];
const INTAKE_PATHS = pathsBelow(api.getType('Intake') as GraphQLObjectType, 3);

/** 'answered', or the code of the error at the first refused step. */
function outcome(res: GraphQLResponse, root: string, path: { name: string }[]): string {
  if (!res.errors?.length) return 'answered';
  const at = res.errors.map((e) => ({ code: e.extensions?.code, path: (e.path ?? []).filter((p) => typeof p === 'string').join('.') }));
  const prefixes = path.map((_, i) => [root, ...path.slice(0, i + 1).map((p) => p.name)].join('.'));
  const hit = at.find((e) => prefixes.includes(e.path));
  return hit ? `${String(hit.code)} at ${hit.path}` : `errors elsewhere: ${JSON.stringify(at)}`;
}

/** What the test expects: answered when every step is a status field, else refused at the first step that is not. */
function expected(root: string, path: { name: string; coordinate: string }[]): string {
  const refused = path.findIndex((p) => !STATUS_FIELDS.has(p.coordinate));
  return refused < 0 ? 'answered' : `FORBIDDEN at ${[root, ...path.slice(0, refused + 1).map((p) => p.name)].join('.')}`;
}

describe('the scope of a QR credential, tried on the whole schema', () => {
  let stack: Stack;
  let credential: string;
  let input: Record<string, unknown>;
  let ownId: string;
  const [person, neighbour, third] = consistentResidents().filter((r) => r.community === COMMUNITY && r.registry.status === 'RESIDENT');
  const otherCommunity = consistentResidents().find((r) => r.community !== COMMUNITY && r.registry.status === 'RESIDENT')!;

  beforeAll(async () => {
    stack = await startStack();
    credential = (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, COMMUNITY)).token;
    input = deathOf(person);
    const reported = await stack.query<{ reportPopulationChange: { id: string; status: string } }>('mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id status } }', { input }, credential);
    expect(reported.errors).toBeUndefined();
    ownId = reported.data!.reportPopulationChange.id;
    expect(reported.data!.reportPopulationChange.status).toBe('AWAITING_CONFIRMATION');
    // Confirmed and written through, so its deliveries and forms exist and every field below them is tried.
    const confirmed = await stack.query('mutation($id: ID!) { confirmPopulationChange(intakeId: $id) { id } }', { id: ownId }, await stack.token('community', COMMUNITY));
    expect(confirmed.errors).toBeUndefined();
    expect((await waitForIntake(stack, ownId, (i) => i.status === 'COMPLETE')).status).toBe('COMPLETE');
    // Withdrawn afterwards (its writes stay), so its withdrawal exists and every field below it is tried too.
    const withdrawn = await stack.query('mutation($id: ID!) { withdrawPopulationChange(intakeId: $id, reason: "probe") { id } }', { id: ownId }, await stack.token('community', COMMUNITY));
    expect(withdrawn.errors).toBeUndefined();
  }, 90_000);
  afterAll(() => stack?.close());

  it('the schema has the roots this test tries (it is generated, so a new root is tried too)', () => {
    expect(ROOTS.length).toBeGreaterThan(10);
    expect(INTAKE_PATHS.length).toBeGreaterThan(40);
  });

  it.each(ROOTS.filter(([, f]) => !ALLOWED_ROOTS.includes(f.name)).map(([kind, f]) => [`${kind === 'query' ? 'Query' : 'Mutation'}.${f.name}`, kind, f] as const))(
    '%s is refused (FORBIDDEN, no data, no system asked)',
    async (_coordinate, kind, field) => {
      const { text, variables } = operationFor(kind, field);
      const before = await stack.totalSystemRequests();
      const res = await stack.query(text, variables, credential);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(res.data ?? null).toBeNull();
      expect(await stack.totalSystemRequests()).toBe(before);
    },
  );

  const asked = {
    intake: (selection: string) => stack.query(`query($id: ID!) { intake(id: $id) { ${selection} } }`, { id: ownId }, credential),
    // The same key and input again: the same report, answered as the mutation answers it.
    reportPopulationChange: (selection: string) => stack.query(`mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { ${selection} } }`, { input }, credential),
  };

  it.each(ALLOWED_ROOTS)('under %s (its own report), only the status fields answer; every other field is refused where it is resolved', async (root) => {
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const path of INTAKE_PATHS) {
      const leaf = path[path.length - 1];
      const leafType = getNamedType((api.getType(leaf.coordinate.split('.')[0]) as GraphQLObjectType).getFields()[leaf.name].type).name;
      const key = path.map((p) => p.name).join('.');
      got[key] = outcome(await asked[root as keyof typeof asked](selectionOf(path, leafType)), root, path);
      want[key] = expected(root, path);
    }
    expect(got).toEqual(want);
    expect(Object.values(got).filter((o) => o === 'answered').length).toBeGreaterThanOrEqual(STATUS_FIELDS.size - 2);
  }, 180_000);

  it("another report's id is refused: another credential's of the same community, a worker's, another community's, an unknown one", async () => {
    const other = (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, COMMUNITY)).token;
    const byOther = await stack.query<{ reportPopulationChange: { id: string } }>('mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }', { input: deathOf(neighbour) }, other);
    const byWorker = await report(stack, deathOf(third));
    const elsewhere = await report(stack, deathOf(otherCommunity));
    const ids = [byOther.data!.reportPopulationChange.id, byWorker.data!.reportPopulationChange.id, elsewhere.data!.reportPopulationChange.id, 'int_AAAAAAAAAAAAAAAAAAAAAA'];
    for (const id of ids) {
      const res = await stack.query('query($id: ID!) { intake(id: $id) { id status } }', { id }, credential);
      expect([id, res.errors?.map((e) => e.extensions?.code)]).toEqual([id, ['FORBIDDEN']]);
      expect(res.data?.intake ?? null).toBeNull();
    }
    // The other credential reads its own.
    expect((await stack.query('query($id: ID!) { intake(id: $id) { id status } }', { id: ids[0] }, other)).errors).toBeUndefined();
    // The same idempotency key and input as another credential's report does not hand that report over.
    const replayed = await stack.query('mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }', { input }, other);
    expect(replayed.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_CONFLICT');
  }, 60_000);

  it.each([
    ['the changes of the period with death details and the resident', '{ populationChanges(period: { preset: THIS_MONTH }) { deathPlace deathCertificateNumber resident { idNumber name address birthDate sex } } }'],
    ['the communities', '{ communities { code name } }'],
    ['a resident hidden in a fragment', '{ ...F } fragment F on Query { residents(first: 1) { totalCount } }'],
  ])('the attacks as reported: %s is refused', async (_label, query) => {
    const res = await stack.query(query, undefined, credential);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data ?? null).toBeNull();
  });

  it("the attack as reported: its own report's form contents are refused", async () => {
    const res = await stack.query<{ intake: { forms: { type: string; fields: unknown }[] } }>('query($id: ID!) { intake(id: $id) { forms { type fields { name value } } } }', { id: ownId }, credential);
    expect(res.data!.intake.forms.length).toBeGreaterThan(0);
    expect(res.data!.intake.forms.every((f) => f.fields === null)).toBe(true);
    expect(new Set(res.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
  });
});
