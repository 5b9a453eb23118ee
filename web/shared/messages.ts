/**
 * Every rule the shared schemas (domain/) and the server can break, in Chinese, next to the
 * field it concerns. A message per rule, refined per field where the rule means something
 * specific there. web/shared/messages.test.ts fails when a rule appears in the sources
 * without a message here.
 */
import { MAX_REPORT_AGE_YEARS } from '../../domain/reportLimits';
import type { FieldProblem } from '../../domain/validation';

/** The fields of the report and of a period, by their path joined with dots. */
export const FIELD_LABELS: Record<string, string> = {
  kind: '变动类型',
  idNumber: '身份证号',
  name: '姓名',
  effectiveDate: '变动日期',
  community: '社区',
  'death.place': '死亡地点',
  'death.certificateNumber': '死亡证明编号',
  'move.destination': '迁往地',
  'move.destinationDivisionCode': '迁往地区划代码',
  idempotencyKey: '提交编号',
  preset: '期间',
  from: '开始日期',
  to: '结束日期',
  system: '部门系统',
};

/** What each rule means, wherever it applies. */
export const RULE_MESSAGES: Record<string, string> = {
  required: '此项必须填写',
  type: '填写的内容类型不对',
  minLength: '内容太短',
  maxLength: '内容太长，最多 {max} 个字',
  oneOf: '请从给出的选项中选择',
  format: '格式不正确',
  unknownField: '包含无法识别的内容',
  controlCharacters: '包含看不见的控制字符或文字方向控制符（常见于从别处复制的文字），请删除后重新输入',
  // GB 11643 ID numbers
  length: '身份证号应为 18 位',
  digits: '身份证号应为 17 位数字，最后一位是数字或字母 X',
  birthDate: '身份证号第 7-14 位的出生日期不存在或晚于今天，请核对',
  checkCharacter: '身份证号校验位不对，可能有一位输错了，请逐位核对',
  // dates
  realDate: '这一天在日历上不存在，请核对',
  notInFuture: '日期不能晚于今天',
  notFuture: '时间不能晚于现在，请刷新后重试',
  tooOld: `只能上报最近 ${MAX_REPORT_AGE_YEARS} 年内的变动；更早的请到档案室办理`,
  beforeBirth: '日期不能早于身份证号中的出生日期',
  notForKind: '与所选变动类型不符，请清空',
  // checked by the community registry on the server
  unknownCommunity: '社区登记系统中没有这个社区',
  // Also another community's resident: the server does not say which (no probing of other communities).
  notRegistered: '本社区没有登记这个身份证号的居民，请核对；登记在其他社区的，请由其所在社区上报',
  nameMismatch: '姓名与该身份证号登记的姓名不一致，请核对姓名和身份证号',
  // checked against what is already on record about the person
  alreadyReported: '这位居民的变动已经上报过（{date}{reference}）：如原上报有误，请先撤回原来的上报，再重新上报',
  alreadyDead: '社区登记系统已记录这位居民死亡（{date}），请更正原来的记录，不要再报一次',
  alreadyMovedOut: '社区登记系统已记录这位居民迁出（{date}），请更正原来的记录，不要再报一次',
  // periods
  presetOrDates: '请选择一个预设期间，或者填写起止日期，二者只选其一',
  order: '结束日期不能早于开始日期',
  // operator retries
  notFailed: '只有送达失败的记录才能重试',
  range: '超出允许的范围',
  notAwaitingConfirmation: '只有等待确认的上报才能确认或不予受理',
  notWithdrawnAfterDelivery: '只有撤回前已写入本系统的记录才需要确认已冲正',
};

/** Where a rule means something specific for one field. */
const FIELD_RULE_MESSAGES: Record<string, string> = {
  'kind.oneOf': '请选择变动类型：死亡或迁出',
  'kind.required': '请选择变动类型：死亡或迁出',
  'idNumber.required': '请填写身份证号',
  'name.required': '请填写姓名',
  'name.format': '姓名只能包含汉字、字母、空格、间隔号“·”、连字符和撇号',
  'effectiveDate.required': '请填写变动日期',
  'effectiveDate.format': '请按“年-月-日”填写日期，例如 2026-03-05',
  'community.format': '社区代码应为 12 位数字',
  'death.place.required': '死亡上报请填写死亡地点',
  'death.certificateNumber.format': '死亡证明编号应为 4-40 位字母、数字或连字符',
  'move.destination.required': '迁出上报请填写迁往地',
  'move.destinationDivisionCode.format': '区划代码应为 6 位数字',
  'idempotencyKey.format': '提交编号不正确，请刷新页面后重新填写',
  'from.required': '请填写开始日期',
  'to.required': '请填写结束日期',
  'from.format': '请按“年-月-日”填写日期',
  'to.format': '请按“年-月-日”填写日期',
};

/**
 * The field a problem belongs to, as a dotted path without the argument name (`input`,
 * `period`). A missing details object is shown at its first field.
 */
export function fieldOf(path: readonly (string | number)[]): string {
  const rest = path[0] === 'input' || path[0] === 'period' ? path.slice(1) : path;
  const field = rest.join('.');
  if (field === 'death') return 'death.place';
  if (field === 'move') return 'move.destination';
  return field;
}

export function messageFor(field: string, rule: string, englishMessage = ''): string {
  const template = FIELD_RULE_MESSAGES[`${field}.${rule}`] ?? RULE_MESSAGES[rule] ?? '填写有误，请核对';
  // The server's message states the bound ("must be at most 50 characters"): reuse its number.
  const max = /\d+/.exec(englishMessage)?.[0];
  // And the date of the earlier event it names ("recorded as moved out ... on 2026-05-01").
  const date = /\d{4}-\d{2}-\d{2}/.exec(englishMessage)?.[0];
  // And the earlier report's reference, for the worker to find it in 上报记录.
  const reference = /RG-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(englishMessage)?.[0];
  return template.replace('{max}', max ?? '').replace('{date}', date ?? '日期不详').replace('{reference}', reference ? `，上报编号 ${reference}` : '');
}

export interface FieldMessage {
  field: string;
  label: string;
  message: string;
}

/** Each problem as a Chinese message at its field (the first problem per field). */
export function fieldMessages(problems: readonly FieldProblem[]): FieldMessage[] {
  const seen = new Set<string>();
  const out: FieldMessage[] = [];
  for (const p of problems) {
    const field = fieldOf(p.path);
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, label: FIELD_LABELS[field] ?? field, message: messageFor(field, p.rule, p.message) });
  }
  return out;
}

/** The department services behind the gateway, as a community worker knows them. */
export const SERVICE_LABELS: Record<string, string> = {
  community: '社区上报服务',
  'civil-affairs': '民政服务',
  hrss: '人社服务',
  health: '卫健服务',
  reconciliation: '核对服务',
};

const SAME_REPORT_AGAIN = '请稍后再点一次“提交上报”：同一条上报只会记录一次，不会重复。';

/** A report whose answer did not confirm it, in plain words: what went wrong, and that sending it again is safe. */
export function unconfirmedMessage(code: string | null, service?: string): string {
  if (code === 'SUBGRAPH_UNAVAILABLE') return `${SERVICE_LABELS[service ?? ''] ?? '上报服务'}暂时无法连接，无法确认这条上报是否已记录。${SAME_REPORT_AGAIN}`;
  if (code === 'STORE_UNAVAILABLE' || code === 'AUDIT_UNAVAILABLE') return `上报记录库暂时无法使用，这条上报还没有确认记录。${SAME_REPORT_AGAIN}`;
  return `网络不稳定，暂时无法确认是否已上报。${SAME_REPORT_AGAIN}`;
}

/** A report that was stored while its progress could not be read. */
export const storedMessage = (intakeId: string) => `上报已记录（编号 ${intakeId}），暂时查不到各部门的办理情况，页面会自动刷新，无需重新上报。`;
