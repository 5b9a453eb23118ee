/**
 * Fields several templates share: what the one report says (every template carries it), what the
 * ID number encodes, and what a form stopping a benefit adds. Declared once, spread into the
 * templates (./templates.ts).
 */
import { birthDateOf, sexOf } from '../idNumber';
import { recorded, reported, type FormFieldOrigin } from './fields';

/** The one input's fields, on every template. */
export const REPORTED = {
  name: reported('姓名', 'text', 'Resident.name', (r) => r.change.name),
  idNumber: reported('身份证号', 'code', 'Resident.idNumber', (r) => r.change.idNumber, 'idNumber'),
  community: reported('社区代码', 'code', 'Resident.community', (r) => r.change.community),
  changeKind: reported('变动类型', 'code', 'PopulationChange.kind', (r) => r.change.kind),
  effectiveDate: reported('变动日期', 'date', 'PopulationChange.effectiveDate', (r) => r.change.effectiveDate),
  deathPlace: reported('死亡地点', 'text', 'PopulationChange.deathPlace', (r) => r.change.death?.place ?? null),
  deathCertificateNumber: reported('死亡证明编号', 'code', 'PopulationChange.deathCertificateNumber', (r) => r.change.death?.certificateNumber ?? null),
  destination: reported('迁往地', 'text', 'PopulationChange.destination', (r) => r.change.move?.destination ?? null),
  // Who reported and when: the report's own data, read as its type is.
  reportedBy: reported('上报人', 'code', 'PopulationChange.reportedBy', (r) => r.reportedBy),
  reportedAt: reported('上报时间', 'datetime', 'PopulationChange.reportedAt', (r) => r.reportedAt),
};

/** The report's fields on the forms of a death only (health's): no destination. */
const { destination: _unused, ...deathFields } = REPORTED;
export const REPORTED_DEATH = deathFields;

/** Sex and birth date as the ID number encodes them: whoever reads the number reads them. */
export const FROM_ID_NUMBER = {
  sex: reported('性别', 'code', 'Resident.idNumber', (r) => sexOf(r.change.idNumber)),
  birthDate: reported('出生日期', 'date', 'Resident.idNumber', (r) => birthDateOf(r.change.idNumber), 'birthYear'),
};

/** What a form stopping a benefit adds: the amount stopped and since when (the department's record), and the day it stops (the change's). */
export const stopped = (origin: FormFieldOrigin) => ({
  monthlyAmount: recorded('月发放金额（元）', 'amount', origin),
  since: recorded('起始日期', 'date', origin),
  stoppedOn: reported('停发日期', 'date', origin, (r) => r.change.effectiveDate),
});
