/**
 * The gateway serves a changed supergraph file without a restart, and refuses one that is not a
 * valid supergraph (it keeps answering with the one it has), over real HTTP against the whole
 * stack. The gateway is pointed at a temporary copy; schema/ is never written.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../gateway/app';
import { gatewayConfig } from '../gateway/config';
import { composeSupergraph, readCommittedSupergraph, readSubgraphSdls } from '../scripts/composeSupergraph';
import { startStack, type Stack } from './support/stack';

const DEATH_DATES = '{ recordedDeaths { vitalStatus { deathDate } } }';

/** Polls until `done` holds (each poll is a real request); fails with what it last saw. */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    last = await probe();
    if (done(last)) return last;
  }
  throw new Error(`${what} did not happen within 15 s; last seen: ${JSON.stringify(last)}`);
}

describe('the gateway reloads its supergraph file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supergraph-'));
  const file = join(dir, 'supergraph.graphql');
  // The gateway's log lines (errors go to stderr): a spy that lets every write through.
  let stderrWrites: jest.SpyInstance;
  const stderr = () => stderrWrites.mock.calls.map((call) => String(call[0]));
  let stack: Stack;
  let healthToken: string;

  beforeAll(async () => {
    // Yesterday's supergraph: health did not yet contribute VitalStatus.deathDate.
    const withoutDeathDate = readSubgraphSdls().map((s) => (s.name === 'health' ? { ...s, sdl: s.sdl.replace('  deathDate: Date\n', '') } : s));
    writeFileSync(file, composeSupergraph(withoutDeathDate));
    stack = await startStack({ gatewayEnv: { SUPERGRAPH_FILE: file } });
    healthToken = await stack.token('health');
    stderrWrites = jest.spyOn(process.stderr, 'write');
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a field the new file adds becomes queryable, with data from its subgraph', async () => {
    const before = await stack.query(DEATH_DATES, {}, healthToken);
    expect(before.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // As a deployment replaces it: written beside it, renamed over it.
    writeFileSync(`${file}.next`, readCommittedSupergraph());
    renameSync(`${file}.next`, file);

    const after = await eventually(() => stack.query<{ recordedDeaths: Array<{ vitalStatus: { deathDate: string | null } }> }>(DEATH_DATES, {}, healthToken), (r) => !r.errors, 'the reload');
    expect(after.data!.recordedDeaths.length).toBeGreaterThan(0);
    expect(after.data!.recordedDeaths.some((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.vitalStatus.deathDate ?? ''))).toBe(true);
  });

  it.each([
    ['a file that does not parse', 'type Query {'],
    ['an SDL that is not a composed supergraph', 'type Query { hello: String }\n'],
    ['a supergraph naming a subgraph the gateway has no URL for', readCommittedSupergraph().replace(/name: "hrss"/, 'name: "tax-office"')],
  ])('%s is refused: the gateway logs why and keeps serving the previous supergraph', async (_what, content) => {
    const logged = stderr().length;
    writeFileSync(file, content);
    const refusal = await eventually(async () => stderr().slice(logged).find((l) => l.includes('supergraph file refused')), Boolean, 'the refusal');
    expect(refusal).toContain(file);
    expect(refusal).toMatch(/npm run compose|SERVICES/);

    const still = await stack.query<{ recordedDeaths: unknown[] }>(DEATH_DATES, {}, healthToken);
    expect(still.errors).toBeUndefined();
    expect(still.data!.recordedDeaths.length).toBeGreaterThan(0);
    writeFileSync(file, readFileSync(join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8'));
  });
});

describe('the gateway at start-up', () => {
  it('refuses to start on a file that is not a supergraph, saying why and what to run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supergraph-'));
    try {
      const file = join(dir, 'supergraph.graphql');
      writeFileSync(file, 'type Query { hello: String }\n');
      await expect(createGateway(gatewayConfig({ NODE_ENV: 'test', SUPERGRAPH_FILE: file }))).rejects.toMatchObject({
        code: 'SUPERGRAPH_REFUSED',
        message: expect.stringMatching(/is not a valid supergraph .*npm run compose/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
