/**
 * Every rule code the shared schemas and the server can return has a Chinese message: the
 * codes are collected from the sources themselves, so a rule added on the server without a
 * message here fails this test.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ID_NUMBER_RULE_MESSAGES } from '../../domain/idNumber';
import { PopulationChangeInput } from '../../domain/populationChange';
import { toFieldProblems } from '../../domain/validation';
import { fieldMessages, fieldOf, messageFor, RULE_MESSAGES } from './messages';

const ROOT = join(__dirname, '..', '..');
const source = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const sourcesIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => source(join(dir, f)));

function rulesNamedIn(text: string): string[] {
  const found = new Set<string>();
  for (const re of [/\brule\('(\w+)'/g, /\brule: '(\w+)'/g]) for (const m of text.matchAll(re)) found.add(m[1]);
  return [...found];
}

describe('Chinese messages for every rule', () => {
  it('cover each rule the domain schemas, the validation mapping and the intake resolvers name', () => {
    const fromSchemas = [...sourcesIn('domain'), ...sourcesIn('subgraphs/community/intake')].flatMap(rulesNamedIn);
    // domain/validation.ts maps zod's own issue codes to rule names in its ruleOf() returns.
    const ruleOf = /function ruleOf[\s\S]*?\n}\n/.exec(source('domain/validation.ts'))![0];
    const fromMapping = [...ruleOf.matchAll(/return [^;]*;/g)].flatMap((m) => [...m[0].matchAll(/'(\w+)'/g)].map((q) => q[1]));
    const all = new Set([...fromSchemas, ...fromMapping, ...Object.keys(ID_NUMBER_RULE_MESSAGES)]);
    // The scan must see the server-side rules, or it proves nothing.
    expect([...all]).toEqual(expect.arrayContaining(['checkCharacter', 'nameMismatch', 'notRegistered', 'tooOld', 'unknownField', 'order']));
    const missing = [...all].filter((rule) => !(rule in RULE_MESSAGES));
    expect(missing).toEqual([]);
  });

  it('put each problem at its field, a missing details object at its first field', () => {
    expect(fieldOf(['input', 'death', 'place'])).toBe('death.place');
    expect(fieldOf(['input', 'death'])).toBe('death.place');
    expect(fieldOf(['move'])).toBe('move.destination');
    expect(fieldOf(['period', 'to'])).toBe('to');
  });

  it('translate what the shared schema says about a bad report, field by field', () => {
    const parsed = PopulationChangeInput.safeParse({
      idempotencyKey: 'web-1234567890',
      kind: 'DEATH',
      idNumber: '510114195001011234',
      name: '张三3',
      effectiveDate: '2999-01-01',
      community: '510114001001',
      death: null,
    });
    expect(parsed.success).toBe(false);
    const messages = Object.fromEntries(fieldMessages(toFieldProblems(parsed.error!, ['input'])).map((m) => [m.field, m.message]));
    expect(messages).toEqual({
      idNumber: RULE_MESSAGES.checkCharacter,
      name: '姓名只能包含汉字、字母、空格、间隔号“·”、连字符和撇号',
      effectiveDate: '日期不能晚于今天',
      'death.place': '死亡上报请填写死亡地点',
    });
  });

  it('names the earlier report by its date and reference, for the worker to find it in 上报记录', () => {
    const server = 'belongs to a resident who was already reported dead on 2026-11-20 (report RG-4KPM-7XQD); a death is recorded once';
    expect(messageFor('idNumber', 'alreadyReported', server)).toBe('这位居民的变动已经上报过（2026-11-20，上报编号 RG-4KPM-7XQD）：如原上报有误，请先撤回原来的上报，再重新上报');
    expect(messageFor('idNumber', 'alreadyReported', 'already reported on 2026-11-20')).toBe('这位居民的变动已经上报过（2026-11-20）：如原上报有误，请先撤回原来的上报，再重新上报');
  });

  it('fills the bound into a length message from the server message', () => {
    expect(messageFor('move.destination', 'maxLength', 'must be at most 200 characters')).toBe('内容太长，最多 200 个字');
    expect(messageFor('x', 'someNewRule')).toBe('填写有误，请核对');
  });
});
