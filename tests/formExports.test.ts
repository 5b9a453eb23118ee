/**
 * Departments download their forms for a period from the gateway, with the same bearer token:
 * a real XLSX workbook (read back with exceljs) and a CSV, holding exactly their own forms.
 */
import ExcelJS from 'exceljs';
import { parseCsv } from '../platform/csv';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, report } from './support/reports';

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
});
