import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { consistentResidents } from '../seed/population';
import { toCsv } from '../../platform/csv';
import { communityRegistryStandIn } from './standIn';

describe('the registry CSV import of changes', () => {
  let registry: StartedStandIn;
  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
  });
  afterAll(() => registry.close());

  const importCsv = (body: string, type = 'text/csv; charset=utf-8') => fetch(`${registry.url}/registry/import`, { method: 'POST', headers: { 'content-type': type }, body });
  const changeCount = () => (registry.ctx.db.prepare('SELECT COUNT(*) AS n FROM changes').get() as { n: number }).n;
  const [a, b] = consistentResidents().slice(20, 22);
  const file = toCsv(
    ['reference', 'idNumber', 'kind', 'effectiveDate', 'destination'],
    [
      ['IMPORT-1', a.idNumber, 'DEATH', '2026-10-11', ''],
      ['IMPORT-2', b.idNumber, 'MOVED_OUT', '2026-10-12', '绵阳市, 涪城区'],
      ['IMPORT-3', '11010519491231002X', 'DEATH', '2026-10-12', ''],
      ['IMPORT-4', a.idNumber, 'BIRTH', '2026-10-12', ''],
    ],
  );

  it('applies each valid row and answers a result per row', async () => {
    const res = await importCsv(file);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: number; applied: number; rejected: number; results: object[] };
    expect(body).toMatchObject({ rows: 4, applied: 2, duplicates: 0, rejected: 2 });
    expect(body.results).toEqual([
      { row: 1, reference: 'IMPORT-1', result: 'applied', changeId: expect.any(Number) },
      { row: 2, reference: 'IMPORT-2', result: 'applied', changeId: expect.any(Number) },
      { row: 3, reference: 'IMPORT-3', result: 'rejected', error: 'unknown_person', message: expect.any(String) },
      { row: 4, reference: 'IMPORT-4', result: 'rejected', error: 'invalid_change', message: expect.stringContaining('kind') },
    ]);
    expect(changeCount()).toBe(2);
    expect(registry.ctx.db.prepare('SELECT moved_to FROM persons WHERE id_number = ?').get(b.idNumber)).toEqual({ moved_to: '绵阳市, 涪城区' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const res = await importCsv(file);
    const body = (await res.json()) as { applied: number; duplicates: number; results: { result: string }[] };
    expect(body).toMatchObject({ applied: 0, duplicates: 2 });
    expect(body.results.map((r) => r.result)).toEqual(['duplicate', 'duplicate', 'rejected', 'rejected']);
    expect(changeCount()).toBe(2);
    expect(registry.ctx.stats.snapshot().byKind.import).toBe(2);
  });

  it('refuses a reference reused for another change', async () => {
    const other = consistentResidents()[23];
    const res = await importCsv(toCsv(['reference', 'idNumber', 'kind', 'effectiveDate'], [['IMPORT-1', other.idNumber, 'DEATH', '2026-10-13']]));
    expect(((await res.json()) as { results: unknown[] }).results).toEqual([
      { row: 1, reference: 'IMPORT-1', result: 'rejected', error: 'reference_in_use', message: expect.any(String) },
    ]);
    expect(changeCount()).toBe(2);
  });

  it('refuses a document with a wrong header or media type as a whole', async () => {
    const badHeader = await importCsv('ref,id\r\nx,y\r\n');
    expect(badHeader.status).toBe(400);
    expect(await badHeader.json()).toMatchObject({ error: 'invalid_csv', message: expect.stringContaining('missing: reference,idNumber,kind,effectiveDate') });
    expect((await importCsv(file, 'text/plain')).status).toBe(415);
    const notJson = await importCsv(file, 'application/json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'malformed_body' });
    expect(changeCount()).toBe(2);
  });
});
