/**
 * A form's content is read under the rule of the fields it carries, and every read of it is
 * audited with the resident it is about, through the gateway as a client would:
 *   - a community worker reading their own report's forms sees the community's forms whole, and
 *     of the other departments' forms only what the matrix lets a community worker read (no
 *     amounts, case numbers, claim or patient ids: those fields are absent);
 *   - each department reads its own forms whole; supervision every form, masked as before;
 *   - reads of `forms { fields }` and the form downloads leave records naming the resident and the
 *     purpose (one per resident exported), which supervision finds with auditLog(residentIdNumber:),
 *     and the chain still verifies.
 */
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { maskIdNumber } from '../domain/idNumber';
import { consistentResidents, type SeedResident } from '../systems/seed/population';
import type { Role } from '../platform/auth/caller';
import { parseCsv } from '../platform/csv';
import { deathOf, report } from './support/reports';
import { startStack, type Stack } from './support/stack';

const ours = consistentResidents().filter((r) => r.community === '510114001001');
const civilAffairs = (r: SeedResident) => Object.values({ ...r.socialAssistance, ...r.elderlyDisability }).some(Boolean);
/** Residents of one community whose deaths produce, between them, forms of most types in every department. */
const B = ours.find((r) => r.socialAssistance.subsistenceAllowance && r.socialInsurance.pension)!;
const C = ours.find((r) => r.socialAssistance.specialHardship && (r.elderlyDisability.elderlySubsidy || r.elderlyDisability.disabilitySubsidy))!;
/** Health's family-planning assistance, and nothing civil affairs pays. */
const D = ours.find((r) => r.health.familyPlanningAssistance && !civilAffairs(r))!;
/** Fields other departments' records add to their forms: a community worker may not read them on Resident, so not on a form either. */
const OTHER_DEPARTMENTS_FIELDS = ['caseNo', 'monthlyAmount', 'since', 'stoppedOn', 'category', 'pensionKind', 'monthlyPension', 'claimId', 'patientId', 'episodeId'];

interface FormRead {
  type: string;
  department: string;
  fields: { name: string; value: string | null }[] | null;
}
interface AuditRead {
  requestId: string;
  subject: string;
  role: string;
  purpose: string | null;
  action: string;
  residentIdNumber: string | null;
  fields: string[];
}

let stack: Stack;
const intakeOf = {} as Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ systemTimeoutMs: 5000 });
  for (const person of [B, C, D]) {
    const res = await report(stack, deathOf(person));
    expect(res.data?.reportPopulationChange.status).toBe('COMPLETE');
    intakeOf[person.idNumber] = res.data!.reportPopulationChange.id;
  }
}, 90_000);
afterAll(() => stack?.close());

/** A fresh purpose per request, so the audit records of that request alone can be picked out. */
const purposeFor = (what: string) => `${what} ${randomUUID()}`;
const tokenOf = (role: Role) => stack.token(role, role === 'community' ? B.community : undefined);

async function formsOfIntake(role: Role, person: SeedResident, purpose = purposeFor('form check')) {
  const res = await stack.query<{ intake: { forms: FormRead[] } }>('query($id: ID!) { intake(id: $id) { forms { type department fields { name value } } } }', { id: intakeOf[person.idNumber] }, await tokenOf(role), { purpose });
  return { res, forms: res.data!.intake.forms };
}
const value = (form: FormRead, name: string) => form.fields!.find((f) => f.name === name)?.value;
const names = (form: FormRead) => form.fields!.map((f) => f.name).sort();

describe("a form's content follows the permissions of the fields it carries", () => {
  it("a community worker reads the community's own forms whole, and of other departments' forms nothing the matrix refuses them", async () => {
    const { res, forms } = await formsOfIntake('community', B);
    expect(res.errors).toBeUndefined();
    expect(new Set(forms.map((f) => f.department))).toEqual(new Set(['community', 'civil-affairs', 'hrss', 'health']));
    const register = forms.find((f) => f.type === 'POPULATION_CHANGE_REGISTER')!;
    expect(value(register, 'address')).toBe(B.address);
    expect(value(register, 'birthDate')).toBe(B.birthDate);
    expect(value(register, 'registryChangeId')).toBeTruthy();
    for (const person of [B, C, D]) {
      const { res: again, forms: theirs } = await formsOfIntake('community', person);
      expect(again.errors).toBeUndefined();
      for (const form of theirs.filter((f) => f.department !== 'community')) {
        // What the report itself said stays: the worker recognises the form.
        expect(value(form, 'idNumber')).toBe(person.idNumber);
        expect(value(form, 'name')).toBe(person.name);
        expect(value(form, 'deathPlace')).toBe('新都区人民医院');
        // Absent, not null: left out of the list (README, "Form contents follow the fields they carry").
        expect([form.type, names(form).filter((n) => OTHER_DEPARTMENTS_FIELDS.includes(n))]).toEqual([form.type, []]);
      }
    }
  });

  it.each([
    ['civil-affairs', 'SUBSISTENCE_ALLOWANCE_CANCELLATION', 'monthlyAmount', () => String(B.socialAssistance.subsistenceAllowance!.monthlyAmount)],
    ['hrss', 'RETIREMENT_BENEFIT_CANCELLATION|RESIDENT_PENSION_TERMINATION', 'monthlyAmount', () => String(B.socialInsurance.pension!.monthlyAmount)],
    ['health', 'DEATH_REGISTRATION_REPORT', 'patientId', () => expect.any(String)],
  ] as const)('%s reads its own forms whole (%s %s), and is refused the other departments’', async (role, type, field, expected) => {
    const { res, forms } = await formsOfIntake(role, B);
    const own = forms.find((f) => new RegExp(`^(${type})$`).test(f.type))!;
    expect(value(own, field)).toEqual(expected());
    forms.forEach((form, i) => {
      if (form.department === role) expect(form.fields).not.toBeNull();
      else expect(res.errors?.find((e) => e.path?.join('.') === `intake.forms.${i}.fields`)?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  it("supervision reads every form, ID numbers masked and birth dates kept to the year, with every field the department's own copy has", async () => {
    const types = new Set<string>();
    for (const person of [B, C, D]) {
      const { res, forms } = await formsOfIntake('supervision', person);
      expect(res.errors).toBeUndefined();
      for (const role of ['community', 'civil-affairs', 'hrss', 'health'] as const) {
        const own = (await formsOfIntake(role, person)).forms.filter((f) => f.department === role);
        for (const form of own) {
          const seen = forms.find((f) => f.type === form.type)!;
          // Every field a department puts on a form is declared with its origin (domain/forms/templates.ts).
          expect([form.type, names(seen)]).toEqual([form.type, names(form)]);
          types.add(form.type);
        }
      }
      for (const form of forms) {
        expect(value(form, 'idNumber') ?? value(form, 'departedIdNumber')).toBe(maskIdNumber(person.idNumber));
        const birthDate = value(form, 'birthDate');
        if (birthDate) expect(birthDate).toBe(`${person.birthDate.slice(0, 4)}-**-**`);
      }
    }
    expect(types.size).toBeGreaterThanOrEqual(9);
  });
});

describe('reads of form contents are audited with the resident and the purpose', () => {
  const auditOf = async (person: SeedResident) => {
    const res = await stack.query<{ auditLog: AuditRead[] }>('query($id: ID!) { auditLog(residentIdNumber: $id) { requestId subject role purpose action residentIdNumber fields } }', { id: person.idNumber });
    expect(res.errors).toBeUndefined();
    return res.data!.auditLog;
  };
  const download = (path: string, token: string, purpose: string) => fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-purpose': purpose } });

  it('forms { fields } through an intake and through forms(period): supervision finds the read under the resident', async () => {
    const viaIntake = purposeFor('checking the report');
    await formsOfIntake('community', B, viaIntake);
    const viaPeriod = purposeFor('monthly returns');
    const listed = await stack.query('{ forms(period: { preset: THIS_MONTH }) { type fields { name } } }', undefined, await tokenOf('civil-affairs'), { purpose: viaPeriod });
    expect(listed.errors).toBeUndefined();
    for (const [person, purposes] of [[B, [viaIntake, viaPeriod]], [C, [viaPeriod]]] as const) {
      const log = await auditOf(person);
      for (const purpose of purposes) {
        expect(log.filter((r) => r.purpose === purpose)).toEqual([expect.objectContaining({ action: 'READ', residentIdNumber: maskIdNumber(person.idNumber), fields: expect.arrayContaining(['fields']) })]);
      }
    }
  });

  it.each(['csv', 'xlsx'])('a download of forms.%s leaves one record per resident exported, with the purpose', async (format) => {
    const purpose = purposeFor('monthly returns download');
    const res = await download(`/exports/forms.${format}?preset=THIS_MONTH`, await stack.token('civil-affairs'), purpose);
    expect(res.status).toBe(200);
    const body = await res.arrayBuffer();
    let exported: string[];
    if (format === 'csv') {
      const [header, ...rows] = parseCsv(Buffer.from(body).toString('utf8').replace(/^\ufeff/, ''));
      exported = rows.map((r) => r[header.indexOf('身份证号')]);
    } else {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body);
      exported = workbook.worksheets.slice(1).flatMap((sheet) => {
        const header = (sheet.getRow(1).values as unknown[]).slice(1);
        return sheet.getRows(2, sheet.rowCount - 1)!.map((row) => String((row.values as unknown[]).slice(1)[header.indexOf('身份证号')]));
      });
    }
    expect(new Set(exported)).toEqual(new Set([B.idNumber, C.idNumber]));
    for (const person of [B, C]) {
      expect((await auditOf(person)).filter((r) => r.purpose === purpose)).toEqual([
        expect.objectContaining({ action: 'READ', role: 'civil-affairs', residentIdNumber: maskIdNumber(person.idNumber), fields: ['fields'] }),
      ]);
    }
    // No record of that download lacks its resident.
    const all = await stack.query<{ auditLog: AuditRead[] }>('{ auditLog(first: 100) { purpose residentIdNumber } }');
    expect(all.data!.auditLog.filter((r) => r.purpose === purpose).map((r) => r.residentIdNumber).sort()).toEqual([B, C].map((p) => maskIdNumber(p.idNumber)).sort());
  });

  it('the audit chain still verifies', async () => {
    const res = await stack.query<{ auditChainValid: { valid: boolean; records: number } }>('{ auditChainValid { valid records brokenAt } }');
    expect(res.data!.auditChainValid).toMatchObject({ valid: true, brokenAt: null });
  });
});
