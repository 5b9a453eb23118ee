/**
 * The audit log end to end: reads of personal data through the gateway leave records in the
 * store the intakes live in (DATA_DIR/audit.sqlite), supervision reads them, the chain verifies,
 * tampering is found at the altered record, and a read fails closed when the store cannot write.
 *
 * The subgraphs wire the audit plugin themselves, all on DATA_DIR/audit.sqlite of the stack; the
 * test only wraps the store so that appends can be switched to failing.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { maskIdNumber } from '../domain/idNumber';
import { fieldsReadOf, residentsOf, type AuditRecord, type AuditStore } from '../platform/audit';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../platform/auth/tokens';
import type { Role } from '../platform/auth/caller';
import { population } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, report } from './support/reports';

const mockAudit = { failing: false };

/**
 * Every store the subgraphs open goes through this wrapper, so the test can switch appends to
 * failing (the subgraphs' build functions wire the audit plugin and the intake record themselves).
 */
jest.mock('../platform/audit/createAuditStore', () => {
  const actual = jest.requireActual('../platform/audit/createAuditStore');
  // From types, not the index: the index imports this very module.
  const { AuditUnavailableError } = jest.requireActual('../platform/audit/types');
  return {
    ...actual,
    createAuditStore: (config: Parameters<typeof actual.createAuditStore>[0]) => {
      const real: AuditStore = actual.createAuditStore(config);
      return { ...real, append: (entries: Parameters<AuditStore['append']>[0]) => (mockAudit.failing ? Promise.reject(new AuditUnavailableError('switched off by the test')) : real.append(entries)) };
    },
  };
});

const { residents } = population();
const person = residents.find((r) => r.socialAssistance.subsistenceAllowance?.status === 'ACTIVE' && r.registry.status === 'RESIDENT' && !r.health.deceased)!;

let stack: Stack;
let store: AuditStore;
let requests = 0;

interface Reply {
  status: number;
  text: string;
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

/** A request through the gateway as `role`, with a purpose (null: none) and a request id of its own. */
async function read(role: Role, query: string, variables: Record<string, unknown> = {}, purpose: string | null = 'benefit review'): Promise<Reply & { requestId: string }> {
  const requestId = `audit-test-${++requests}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${await mintToken(DEVELOPMENT_JWT_SECRET, { role })}`, 'x-request-id': requestId };
  if (purpose) headers['x-purpose'] = purpose;
  const res = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, text, requestId, ...(JSON.parse(text) as object) };
}

const recordsOf = async (requestId: string): Promise<AuditRecord[]> => (await store.query({ limit: 1000 })).filter((r) => r.requestId === requestId);

const verify = (...args: string[]) =>
  spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts/verifyAudit.ts'), ...args], { encoding: 'utf8', env: { ...process.env, DATA_DIR: stack.dataDir, REDIS_URL: '' } });

beforeAll(async () => {
  stack = await startStack();
  const { createSqliteAuditStore } = jest.requireActual('../platform/audit');
  store = createSqliteAuditStore(join(stack.dataDir, 'audit.sqlite'));
}, 60_000);
afterAll(async () => {
  await store?.close();
  await stack?.close();
});

describe('audit of personal-data reads', () => {
  it('a read through the gateway leaves, before it answers, one READ per department naming the resident and the fields read', async () => {
    const res = await read('civil-affairs', 'query ($id: ID!) { resident(idNumber: $id) { name subsistenceAllowance { status } } }', { id: person.idNumber });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ resident: { name: person.name, subsistenceAllowance: { status: 'ACTIVE' } } });
    const records = await recordsOf(res.requestId);
    const who = { subject: 'dev-civil-affairs', role: 'civil-affairs', purpose: 'benefit review', action: 'READ' };
    for (const r of records) expect(r).toMatchObject(who);
    for (const r of records) expect(residentsOf(r)).toEqual([person.idNumber]);
    const fieldsOf = (r: AuditRecord) => fieldsReadOf(r, person.idNumber);
    expect(records.some((r) => fieldsOf(r).includes('name'))).toBe(true);
    expect(records.some((r) => fieldsOf(r).length === 1 && fieldsOf(r)[0] === 'subsistenceAllowance')).toBe(true);
    expect(records.flatMap(fieldsOf).sort()).toEqual(expect.arrayContaining(['name', 'subsistenceAllowance']));
    expect(records.flatMap(fieldsOf)).not.toContain('pension');
  });

  it('a page of residents leaves one record per department naming every resident on it, each found by the resident index', async () => {
    const res = await read('health', '{ residents(first: 3) { nodes { idNumber name } } }');
    const listed = (res.data?.residents as { nodes: { idNumber: string }[] }).nodes;
    expect(listed).toHaveLength(3);
    const records = await recordsOf(res.requestId);
    const ids = listed.map((n) => residents.find((r) => r.idNumber === n.idNumber)!.idNumber);
    expect(records).toHaveLength(1);
    expect(residentsOf(records[0]).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(fieldsReadOf(records[0], id)).toContain('name');
      expect((await store.query({ residentId: id, limit: 1000 })).map((r) => r.seq)).toContain(records[0].seq);
    }
  });

  it.each([
    ['a long one', 'a'.repeat(100)],
    ['one with characters outside [A-Za-z0-9._-]', 'forged:audit-trail'],
  ])('a client’s X-Request-Id that is not a short plain token (%s) is replaced by one the gateway mints, in every record', async (_name, given) => {
    const newestBefore = Math.max(0, ...(await store.query({ limit: 1000 })).map((r) => r.seq));
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintToken(DEVELOPMENT_JWT_SECRET, { role: 'civil-affairs' })}`, 'x-purpose': 'benefit review', 'x-request-id': given },
      body: JSON.stringify({ query: 'query ($id: ID!) { resident(idNumber: $id) { name } }', variables: { id: person.idNumber } }),
    });
    expect(res.status).toBe(200);
    const written = (await store.query({ limit: 1000 })).filter((r) => r.seq > newestBefore);
    expect(written.length).toBeGreaterThan(0);
    for (const r of written) expect(r.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await store.query({ limit: 1000 })).filter((r) => r.requestId.includes(given.slice(0, 20)))).toEqual([]);
  });

  it('refuses an X-Purpose carrying a control character (400 BAD_USER_INPUT naming the header), and records nothing', async () => {
    const newestBefore = Math.max(0, ...(await store.query({ limit: 1000 })).map((r) => r.seq));
    const res = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await mintToken(DEVELOPMENT_JWT_SECRET, { role: 'civil-affairs' })}`, 'x-purpose': 'benefit review\tforged' },
      body: JSON.stringify({ query: 'query ($id: ID!) { resident(idNumber: $id) { name } }', variables: { id: person.idNumber } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: { code: string; fields: { path: string[]; rule: string }[] } }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['X-Purpose'], rule: 'controlCharacters' }] });
    expect((await store.query({ limit: 1000 })).filter((r) => r.seq > newestBefore)).toEqual([]);
  });

  it('writes nothing for a request that reads no personal field', async () => {
    const res = await read('civil-affairs', '{ communities { code } }');
    expect(res.errors).toBeUndefined();
    expect(await recordsOf(res.requestId)).toEqual([]);
  });

  it('refuses a read of personal fields without a declared purpose (X-Purpose), and records nothing', async () => {
    const res = await read('civil-affairs', 'query ($id: ID!) { resident(idNumber: $id) { name } }', { id: person.idNumber }, null);
    // Refused by the field permissions (FORBIDDEN) or, behind them, by the audit (PURPOSE_REQUIRED).
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringMatching(/X-Purpose/), extensions: { code: expect.stringMatching(/^(FORBIDDEN|PURPOSE_REQUIRED)$/) } });
    expect(res.text).not.toContain(person.name);
    expect(await recordsOf(res.requestId)).toEqual([]);
  });

  it('fails closed: when the audit store cannot write, the personal data is withheld with AUDIT_UNAVAILABLE', async () => {
    mockAudit.failing = true;
    try {
      const res = await read('civil-affairs', 'query ($id: ID!) { resident(idNumber: $id) { name subsistenceAllowance { status monthlyAmount } } }', { id: person.idNumber });
      expect(res.errors?.map((e) => e.extensions?.code)).toContain('AUDIT_UNAVAILABLE');
      expect(res.data?.resident ?? null).toBeNull();
      expect(res.text).not.toContain(person.name);
      expect(res.text).not.toContain(String(person.socialAssistance.subsistenceAllowance!.monthlyAmount));
    } finally {
      mockAudit.failing = false;
    }
  });
});

describe('audit of reports', () => {
  it('every accepted report leaves an INTAKE record naming the reporter and the reported fields', async () => {
    const reported = residents.find((r) => r.registry.status === 'RESIDENT' && !r.health.deceased && r.community === '510114003001')!;
    const res = await report(stack, deathOf(reported));
    expect(res.errors).toBeUndefined();
    const records = (await store.query({ limit: 1000 })).filter((r) => r.action === 'INTAKE' && residentsOf(r).includes(reported.idNumber));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ role: 'community', subject: 'dev-community' });
    expect(fieldsReadOf(records[0], reported.idNumber)).toEqual(expect.arrayContaining(['idNumber', 'name', 'kind', 'effectiveDate']));
    expect(fieldsReadOf(records[0], reported.idNumber)).not.toContain('idempotencyKey');
  });

  it('a report whose audit record cannot be written is not accepted', async () => {
    const reported = residents.filter((r) => r.registry.status === 'RESIDENT' && !r.health.deceased && r.community === '510114003001')[3];
    mockAudit.failing = true;
    try {
      const res = await report(stack, deathOf(reported));
      expect(res.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
    } finally {
      mockAudit.failing = false;
    }
    const intakes = new Database(join(stack.dataDir, 'intake.sqlite'), { readonly: true });
    try {
      const stored = intakes.prepare("SELECT COUNT(*) AS n FROM intakes WHERE json_extract(change, '$.idNumber') = ?").get(reported.idNumber) as { n: number };
      expect(stored.n).toBe(0);
    } finally {
      intakes.close();
    }
  });
});

describe('supervision reads the audit log', () => {
  it('by resident, by caller and by period, newest first; and that read is recorded too', async () => {
    const seen = await read('civil-affairs', 'query ($id: ID!) { resident(idNumber: $id) { subsistenceAllowance { status } } }', { id: person.idNumber });
    const query = `query ($id: ID, $subject: String, $period: PeriodInput) {
      auditLog(residentIdNumber: $id, subject: $subject, period: $period) { seq requestId subject role purpose action residentIdNumber fields hash prevHash }
    }`;
    const byResident = await read('supervision', query, { id: person.idNumber }, 'discipline inspection');
    expect(byResident.errors).toBeUndefined();
    const log = byResident.data?.auditLog as Array<{ seq: number; requestId: string; residentIdNumber: string; fields: string[] }>;
    // Supervision recognises the resident; it gets the number masked (the permission matrix).
    expect(log.find((r) => r.requestId === seen.requestId)).toMatchObject({ residentIdNumber: maskIdNumber(person.idNumber), fields: ['subsistenceAllowance'] });
    expect(log.every((r) => r.residentIdNumber === maskIdNumber(person.idNumber))).toBe(true);
    expect(log.map((r) => r.seq)).toEqual([...log.map((r) => r.seq)].sort((a, b) => b - a));

    const byCaller = await read('supervision', query, { subject: 'dev-civil-affairs', period: { preset: 'THIS_MONTH' } }, 'discipline inspection');
    expect((byCaller.data?.auditLog as Array<{ requestId: string }>).map((r) => r.requestId)).toContain(seen.requestId);
    const longAgo = await read('supervision', query, { subject: 'dev-civil-affairs', period: { from: '2020-01-01', to: '2020-12-31' } }, 'discipline inspection');
    expect(longAgo.data?.auditLog).toEqual([]);

    // Reading whose data was read is itself a read of personal data.
    expect(await recordsOf(byResident.requestId)).toEqual([
      expect.objectContaining({ subject: 'dev-supervision', role: 'supervision', purpose: 'discipline inspection', reads: [{ residents: [person.idNumber], fields: ['residentIdNumber'] }] }),
    ]);
  });

  it('other roles may not read the audit log', async () => {
    const res = await read('civil-affairs', '{ auditLog { seq } }');
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data?.auditLog ?? null).toBeNull();
  });
});

describe('the audit chain', () => {
  it('verifies: auditChainValid and npm run audit:verify agree', async () => {
    const res = await read('supervision', '{ auditChainValid { valid records brokenAt reason lastIntact { seq hash } } }', {}, 'discipline inspection');
    const verdict = res.data?.auditChainValid as { records: number; lastIntact: { seq: number; hash: string } };
    expect(verdict).toEqual({ valid: true, records: expect.any(Number), brokenAt: null, reason: null, lastIntact: { seq: verdict.records, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(verdict.records).toBeGreaterThan(5);
    const run = verify();
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/chain intact/);
    expect(run.stdout).toContain(`checkpoint to keep: --checkpoint ${verdict.lastIntact.seq}:${verdict.lastIntact.hash}`);
  });

  it('a checkpoint kept from an earlier check detects the newest records cut off together with the head', async () => {
    const ask = (checkpoint: unknown) =>
      read('supervision', 'query ($c: AuditCheckpointInput) { auditChainValid(checkpoint: $c) { valid brokenAt reason } }', { c: checkpoint }, 'discipline inspection');
    const { lastIntact } = (await read('supervision', '{ auditChainValid { lastIntact { seq hash } } }', {}, 'discipline inspection')).data?.auditChainValid as { lastIntact: { seq: number; hash: string } };
    expect((await ask(lastIntact)).data?.auditChainValid).toEqual({ valid: true, brokenAt: null, reason: null });

    // Someone with the file removes the newest record and moves the head back: the chain alone cannot tell.
    const db = new Database(join(stack.dataDir, 'audit.sqlite'));
    db.exec('DROP TRIGGER audit_record_no_delete');
    db.prepare('DELETE FROM audit_record WHERE seq >= ?').run(lastIntact.seq);
    db.prepare('DELETE FROM audit_resident WHERE record_seq >= ?').run(lastIntact.seq);
    db.prepare('UPDATE audit_record_head SET seq = seq - 1, hash = (SELECT hash FROM audit_record WHERE seq = ?) WHERE id = 1').run(lastIntact.seq - 1);
    db.close();
    expect((await ask(null)).data?.auditChainValid).toMatchObject({ valid: true });
    expect((await ask(lastIntact)).data?.auditChainValid).toEqual({
      valid: false,
      brokenAt: lastIntact.seq,
      reason: `the log ends at record ${lastIntact.seq - 1}, before the checkpoint at record ${lastIntact.seq} (newer records were cut off)`,
    });
    const run = verify('--checkpoint', `${lastIntact.seq}:${lastIntact.hash}`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`BROKEN at record ${lastIntact.seq}`);

    const bad = await ask({ seq: 0, hash: 'not-a-hash' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((bad.errors?.[0].extensions?.fields as { path: string[] }[]).map((f) => f.path.join('.')).sort()).toEqual(['checkpoint.hash', 'checkpoint.seq']);
    const nonsense = verify('--checkpoint', 'nonsense');
    expect(nonsense.status).toBe(2);
    expect(nonsense.stderr).toContain('--checkpoint <seq>:<hash>');
  }, 30_000);

  it('altering one record makes verification fail at that record', async () => {
    const [victim] = await store.query({ residentId: person.idNumber, limit: 1 });
    const db = new Database(join(stack.dataDir, 'audit.sqlite'));
    db.exec('DROP TRIGGER audit_record_no_update');
    db.prepare("UPDATE audit_record SET subject = 'someone-else' WHERE seq = ?").run(victim.seq);
    db.close();
    const res = await read('supervision', '{ auditChainValid { valid brokenAt reason } }', {}, 'discipline inspection');
    expect(res.data?.auditChainValid).toEqual({ valid: false, brokenAt: victim.seq, reason: `record ${victim.seq} was altered (its content does not match its hash)` });
    const run = verify();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`BROKEN at record ${victim.seq}`);
  }, 30_000);
});
