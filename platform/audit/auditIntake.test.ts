import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../logger';
import type { RequestContext } from '../server/subgraph';
import { auditIntake } from './auditIntake';
import { createSqliteAuditStore } from './sqliteStore';
import type { AuditStore } from './types';

const dir = mkdtempSync(join(tmpdir(), 'audit-intake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ctx = { requestId: 'req-9', caller: { subject: 'worker-1', role: 'community', community: '510114001001' }, purpose: null, logger: createLogger('test', 'silent') } as RequestContext;
const change = { idempotencyKey: 'key-00000001', kind: 'DEATH', idNumber: '510114198001010011', name: '测试甲', effectiveDate: '2026-01-01', community: '510114001001', death: { place: 'home' }, move: undefined };

describe('auditIntake', () => {
  it('records who reported which resident, with the reported fields and not the idempotency key', async () => {
    const store = createSqliteAuditStore(join(dir, 'a.sqlite'));
    await auditIntake(store, ctx, change);
    const [record] = await store.query({});
    expect(record).toMatchObject({
      requestId: 'req-9',
      subject: 'worker-1',
      role: 'community',
      purpose: 'population change report',
      action: 'INTAKE',
      reads: [{ residents: ['510114198001010011'], fields: ['community', 'death', 'effectiveDate', 'idNumber', 'kind', 'name'] }],
    });
    await store.close();
  });

  it('refuses the report with AUDIT_UNAVAILABLE when the record cannot be written', async () => {
    const failing: AuditStore = { append: async () => Promise.reject(new Error('disk full')), query: async () => [], verify: async () => ({ valid: true, records: 0, brokenAt: null, reason: null, lastIntact: null }), close: async () => {} };
    await expect(auditIntake(failing, ctx, change)).rejects.toMatchObject({ extensions: { code: 'AUDIT_UNAVAILABLE' }, message: expect.stringMatching(/not accepted/) });
  });
});
