/**
 * The fields of the one input that every department's form template carries, flat for a form
 * payload; each department adds what its own record holds (amounts, case numbers...). Every
 * field a template carries is declared with its origin in domain/formFieldOrigins.ts: that is
 * what decides who else reads it (an undeclared field is its department's alone).
 */
import { birthDateOf, sexOf } from '../../domain/idNumber';
import type { Intake } from '../intake/types';

export function changeFields(intake: Intake): Record<string, string | null> {
  const c = intake.change;
  return {
    name: c.name,
    idNumber: c.idNumber,
    community: c.community,
    changeKind: c.kind,
    effectiveDate: c.effectiveDate,
    deathPlace: c.death?.place ?? null,
    deathCertificateNumber: c.death?.certificateNumber ?? null,
    destination: c.move?.destination ?? null,
    reportedBy: intake.reportedBy,
    reportedAt: intake.createdAt,
  };
}

/** Sex and birth date, as the ID number encodes them (templates that ask for them). */
export function personFields(idNumber: string): Record<string, string> {
  return { sex: sexOf(idNumber), birthDate: birthDateOf(idNumber) };
}
