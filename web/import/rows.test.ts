import { makeIdNumber } from '../../domain/idNumber';
import { shanghaiToday } from '../../domain/period';
import type { GraphQLOutcome } from '../shared/graphql';
import { mangledIdMessage, readTable, rowKey } from './rows';
import { runImport, type ImportDeps } from './run';

const COMMUNITY = '510114001001';
const ID = makeIdNumber('510114', '1940-02-03', 17);
const ID_X = (() => {
  for (let seq = 1; ; seq++) {
    const id = makeIdNumber('510114', '1951-06-07', seq);
    if (id.endsWith('X')) return id;
  }
})();
const TODAY = shanghaiToday();
const HEADER = ['变动类型', '身份证号', '姓名', '变动日期', '死亡地点', '死亡证明编号（选填）', '迁往地', '迁往地区划代码'];

describe('reading a month’s spreadsheet', () => {
  it('turns each row into the schema’s input, keyed by its normalised content', () => {
    const { rows, missingColumns } = readTable(
      [HEADER, ['死亡', ID, '张三', TODAY, '新都区人民医院', '', '', ''], [], ['迁出', ID_X.toLowerCase(), '李四', TODAY.replace(/-/g, '/'), '', '', '成都市武侯区', '510107']],
      COMMUNITY,
    );
    expect(missingColumns).toEqual([]);
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
    expect(rows[0].input).toEqual({ kind: 'DEATH', idNumber: ID, name: '张三', effectiveDate: TODAY, community: COMMUNITY, death: { place: '新都区人民医院', certificateNumber: null }, move: null, idempotencyKey: expect.stringMatching(/^import-[0-9a-f]{40}$/) });
    expect(rows[1].input).toMatchObject({ kind: 'MOVED_OUT', idNumber: ID_X, effectiveDate: TODAY, move: { destination: '成都市武侯区', destinationDivisionCode: '510107' } });
  });

  it('gives the same key to the same row however the spreadsheet wrote it, another key to other content', () => {
    const csv = readTable([HEADER, ['死亡', ID, '张三', TODAY.replace(/-0?/g, '/'), '医院', '', '', '']], COMMUNITY).rows[0];
    const xlsx = readTable([HEADER, [{ richText: [{ text: '死亡' }] }, ID, '张三 ', new Date(`${TODAY}T00:00:00Z`), '医院', null, null, null]], COMMUNITY).rows[0];
    expect(xlsx.input!.idempotencyKey).toBe(csv.input!.idempotencyKey);
    const other = readTable([HEADER, ['死亡', ID, '张三', TODAY, '另一家医院', '', '', '']], COMMUNITY).rows[0];
    expect(other.input!.idempotencyKey).not.toBe(csv.input!.idempotencyKey);
    expect(rowKey({ community: COMMUNITY })).toMatch(/^import-/);
  });

  it('lists each bad row with Chinese reasons, catches an ID number stored as a number, and flags a repeated row', () => {
    const { rows } = readTable(
      [
        HEADER,
        ['死亡', ID.slice(0, 17) + (ID.endsWith('1') ? '2' : '1'), '王五', TODAY, '', '', '', ''],
        ['迁出', Number('510114194002030171'), '赵六', TODAY, '', '', '成都', ''],
        ['死亡', ID, '张三', TODAY, '医院', '', '', ''],
        ['死亡', ID, '张三', TODAY, '医院', '', '', ''],
        ['出生', ID, '张三', '2026-02-30', '', '', '', ''],
      ],
      COMMUNITY,
    );
    expect(rows[0].input).toBeNull();
    expect(rows[0].problems.map((p) => `${p.label}：${p.message}`)).toEqual(['身份证号：身份证号校验位不对，可能有一位输错了，请逐位核对', '死亡地点：死亡上报请填写死亡地点']);
    expect(rows[1].problems[0].message).toBe(mangledIdMessage('5.10114E+17'));
    expect(rows[2].duplicateOf).toBeNull();
    expect(rows[3].duplicateOf).toBe(4);
    expect(rows[4].problems.map((p) => p.field)).toEqual(['kind', 'effectiveDate']);
    expect(rows[4].problems[0].message).toBe('请选择变动类型：死亡或迁出');
  });

  it('names the required columns a header lacks', () => {
    expect(readTable([['姓名', '日期']], COMMUNITY).missingColumns).toEqual(['变动类型', '身份证号']);
  });
});

describe('reading the lists people already keep', () => {
  const FULL_WIDTH = (id: string) => id.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('maps the column names in use (公民身份号码, 死亡日期, *姓名, 类型), whatever the order and extra columns', () => {
    const { rows, missingColumns } = readTable([['序号', '*姓名', '性别', '公民身份号码', '类型', '死亡日期', '死亡地点（医院或住址）'], ['1', '张三', '男', ID, '去世', '2026年1月5日', '家中']], COMMUNITY);
    expect(missingColumns).toEqual([]);
    expect(rows[0].input).toMatchObject({ kind: 'DEATH', idNumber: ID, name: '张三', effectiveDate: '2026-01-05', death: { place: '家中' } });
    expect(readTable([['身份证号码', '姓名', '迁出日期', '迁往地址', '变动类型']], COMMUNITY).missingColumns).toEqual([]);
  });

  it('takes the page’s default kind for a list without a kind column, and says the column is missing without one', () => {
    const list = [['姓名', '身份证号码', '死亡日期', '死亡地点'], ['张三', ID, TODAY, '医院']];
    expect(readTable(list, COMMUNITY).missingColumns).toEqual(['变动类型']);
    const { rows } = readTable(list, COMMUNITY, { defaultKind: 'DEATH' });
    expect(rows[0].input).toMatchObject({ kind: 'DEATH', death: { place: '医院' } });
    expect(rows[0].values.kind).toBe('死亡');
    // A row that names its own kind keeps it.
    const moved = readTable([['姓名', '身份证号', '变动类型', '变动日期', '迁往地'], ['张三', ID, '迁出', TODAY, '成都']], COMMUNITY, { defaultKind: 'DEATH' });
    expect(moved.rows[0].input).toMatchObject({ kind: 'MOVED_OUT' });
  });

  it('turns full-width digits and Ｘ (and a full-width date) into the ID number the registry knows, with the same key as the half-width row', () => {
    const header = ['变动类型', '身份证号', '姓名', '变动日期', '死亡地点'];
    const full = readTable([header, ['死亡', FULL_WIDTH(ID_X), '李四', FULL_WIDTH(TODAY).replace(/-/g, '－'), '医院']], COMMUNITY).rows[0];
    expect(FULL_WIDTH(ID_X)).not.toBe(ID_X);
    expect(full.problems).toEqual([]);
    expect(full.input).toMatchObject({ idNumber: ID_X, effectiveDate: TODAY });
    const half = readTable([header, ['死亡', ID_X, '李四', TODAY, '医院']], COMMUNITY).rows[0];
    expect(full.input!.idempotencyKey).toBe(half.input!.idempotencyKey);
  });

  it('explains an ID number Excel turned into 5.10114E+17, as text (a CSV) or as a number cell (an XLSX)', () => {
    const header = ['变动类型', '身份证号', '姓名', '变动日期', '死亡地点'];
    const { rows } = readTable([header, ['死亡', '5.10114E+17', '王五', TODAY, '医院'], ['死亡', 5.10114194002032e17, '赵六', TODAY, '医院'], ['死亡', '5.10114e17', '钱七', TODAY, '医院']], COMMUNITY);
    expect(rows.map((r) => r.input)).toEqual([null, null, null]);
    expect(rows.map((r) => r.problems[0].message)).toEqual([mangledIdMessage('5.10114E+17'), mangledIdMessage('5.10114E+17'), mangledIdMessage('5.10114E17')]);
    expect(rows[0].problems[0].message).toContain('文本');
    expect(rows[0].problems[0].message).toContain('导入模板');
  });
});

describe('running an import', () => {
  const goodRow = (idNumber: string, row: number) => readTable([HEADER, ['死亡', idNumber, '张三', TODAY, '医院', '', '', '']], COMMUNITY).rows.map((r) => ({ ...r, row }))[0];
  const intake = (id: string, createdAt: string) => ({ kind: 'data' as const, data: { reportPopulationChange: { id, createdAt } }, serverDate: null });
  const deps = (report: ImportDeps['report'], recorded: GraphQLOutcome<{ populationChanges: { kind: string; name: string; resident: { idNumber: string } }[] }>) => ({
    report,
    recorded: async () => recorded,
    onProgress: jest.fn(),
    retryDelaysMs: [1],
    sleep: async () => undefined,
  });

  it('skips a resident whose change is on record, calls a replayed intake already reported, retries a lost answer with the same input', async () => {
    const ids = [ID, ID_X, makeIdNumber('510114', '1933-03-03', 5)];
    const rows = ids.map((id, i) => goodRow(id, i + 2));
    const sent: unknown[] = [];
    let lost = false;
    const report: ImportDeps['report'] = async (input) => {
      sent.push(input);
      if (input.idNumber === ids[1]) return intake('old', '2020-01-01T00:00:00Z');
      if (!lost) {
        lost = true;
        return { kind: 'network', detail: 'reset' };
      }
      return intake('new', new Date().toISOString());
    };
    const d = deps(report, { kind: 'data', serverDate: Date.now() - 60_000, data: { populationChanges: [{ kind: 'DEATH', name: '张三', resident: { idNumber: ids[0].slice(0, 6) + '********' + ids[0].slice(-4) } }] } });
    const { outcomes, stoppedBy } = await runImport(rows, d);
    expect(stoppedBy).toBeNull();
    expect(outcomes.map((o) => [o.row, o.status, o.intakeId])).toEqual([
      [2, 'alreadyReported', null],
      [3, 'alreadyReported', 'old'],
      [4, 'reported', 'new'],
    ]);
    expect(sent.filter((s) => (s as { idNumber: string }).idNumber === ids[2])).toHaveLength(2);
    expect(d.onProgress).toHaveBeenLastCalledWith(3, 3);
  });

  it('shows a server rejection at the row, and stops on an expired credential', async () => {
    const rows = [goodRow(ID, 2), goodRow(ID_X, 3)];
    const report: ImportDeps['report'] = async (input) =>
      input.idNumber === ID
        ? { kind: 'errors', status: 200, errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'name'], rule: 'nameMismatch', message: 'm' }] } }] }
        : { kind: 'errors', status: 401, errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] };
    const { outcomes, stoppedBy } = await runImport(rows, { ...deps(report, { kind: 'data', serverDate: null, data: { populationChanges: [] } }), concurrency: 1 });
    expect(outcomes[0]).toMatchObject({ status: 'invalid', reasons: ['姓名：姓名与该身份证号登记的姓名不一致，请核对姓名和身份证号'] });
    expect(outcomes[1].status).toBe('notSent');
    expect(stoppedBy).toBe('UNAUTHENTICATED');
  });

  it("counts a row the server finds on record outside the file's dates (an earlier report, the registry's record) as already reported, naming the earlier report", async () => {
    const rows = [goodRow(ID, 2), goodRow(ID_X, 3)];
    const onRecord = (rule: string, message: string) => ({ kind: 'errors' as const, status: 200, errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'idNumber'], rule, message }] } }] });
    const report: ImportDeps['report'] = async (input) =>
      input.idNumber === ID ? onRecord('alreadyReported', 'was already reported dead on 2025-03-01 (report RG-4KPM-7XQD)') : onRecord('alreadyDead', 'is recorded by the community registry as dead on 2024-02-02');
    // The changes listed for the file's dates hold neither: the server's check is the one that knows.
    const { outcomes } = await runImport(rows, { ...deps(report, { kind: 'data', serverDate: null, data: { populationChanges: [] } }), concurrency: 1 });
    expect(outcomes[0]).toMatchObject({ status: 'alreadyReported', reasons: [expect.stringContaining('上报编号 RG-4KPM-7XQD')] });
    expect(outcomes[1]).toMatchObject({ status: 'alreadyReported', reasons: [expect.stringContaining('2024-02-02')] });
  });

  it('resends a row the community service could not take with the same input, says so by name, and counts a stored one as reported', async () => {
    const rows = [goodRow(ID, 2), goodRow(ID_X, 3)];
    const sent: Record<string, unknown>[] = [];
    const report: ImportDeps['report'] = async (input) => {
      sent.push(input);
      return input.idNumber === ID
        ? { kind: 'errors', status: 200, errors: [{ message: 'x', extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'community', stored: 'unknown' } }] }
        : { kind: 'errors', status: 200, errors: [{ message: 'x', extensions: { code: 'STORE_UNAVAILABLE', stored: 'yes', intakeId: 'stored-1' } }] };
    };
    const { outcomes } = await runImport(rows, { ...deps(report, { kind: 'data', serverDate: null, data: { populationChanges: [] } }), concurrency: 1 });
    expect(outcomes[0]).toMatchObject({ status: 'failed', reasons: [expect.stringContaining('社区上报服务暂时无法连接')] });
    const keys = sent.filter((s) => s.idNumber === ID).map((s) => s.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(outcomes[1]).toMatchObject({ status: 'reported', intakeId: 'stored-1' });
  });
});
