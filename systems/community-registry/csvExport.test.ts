import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { consistentResidents, population } from '../seed/population';
import { parseCsv } from '../../platform/csv';
import { communityRegistryStandIn } from './standIn';

describe('the registry CSV export', () => {
  let registry: StartedStandIn;
  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
  });
  afterAll(() => registry.close());

  const exportCsv = (community: string) => fetch(`${registry.url}/registry/export.csv?community=${community}`);

  it('exports every person of the community, UTF-8 with a header row, that parses back to the seed', async () => {
    const community = '510114002001';
    const res = await exportCsv(community);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(['idNumber', 'name', 'sex', 'birthDate', 'communityCode', 'dwellingId', 'address', 'status', 'statusSince', 'movedTo']);
    const seeded = population().residents.filter((r) => r.community === community).sort((a, b) => (a.idNumber < b.idNumber ? -1 : 1));
    expect(rows).toEqual(
      seeded.map((r) => [r.idNumber, r.name, r.sex, r.birthDate, r.community, r.dwellingId, r.address, r.registry.status, r.registry.statusSince ?? '', '']),
    );
  });

  it('quotes fields holding commas and quotes so they survive the round trip', async () => {
    const p = consistentResidents()[3];
    const destination = '成都市武侯区, "浆洗街" 1号';
    await fetch(`${registry.url}/registry/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'export-quoting' },
      body: JSON.stringify({ idNumber: p.idNumber, kind: 'MOVED_OUT', effectiveDate: '2026-10-05', reference: 'EXPORT-1', destination }),
    });
    const text = await (await exportCsv(p.community)).text();
    expect(text).toContain('"成都市武侯区, ""浆洗街"" 1号"\r\n');
    const row = parseCsv(text).find((r) => r[0] === p.idNumber)!;
    expect(row.slice(7)).toEqual(['MOVED_OUT', '2026-10-05', destination]);
  });

  it('answers 404 for an unknown community', async () => {
    const res = await exportCsv('999999999999');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'unknown_community' });
  });
});
