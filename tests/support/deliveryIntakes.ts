/** Test support for delivery handlers: intakes built by hand from seed residents, as the community subgraph would store them. */
import type { ChangeKind } from '../../domain/rules';
import { formColumns } from '../../domain/forms';
import type { Intake, NewForm } from '../../platform/intake/types';
import { consistentResidents, type SeedResident } from '../../systems/seed/population';

export const EFFECTIVE_DATE = '2026-10-03';

export function intakeOf(resident: SeedResident, kind: ChangeKind, id: string): Intake {
  const idempotencyKey = `report-${id}`;
  return {
    id,
    idempotencyKey,
    inputHash: `hash-${id}`,
    reportedBy: 'community-worker-7',
    createdAt: '2026-10-05T02:00:00.000Z',
    change: {
      idempotencyKey,
      kind,
      idNumber: resident.idNumber,
      name: resident.name,
      effectiveDate: EFFECTIVE_DATE,
      community: resident.community,
      death: kind === 'DEATH' ? { place: '新都区人民医院', certificateNumber: 'CD-2026-0042' } : null,
      move: kind === 'MOVED_OUT' ? { destination: '德阳市旌阳区', destinationDivisionCode: '510603' } : null,
    },
  };
}

/** Living residents without planted disagreements that match `filter`. */
export const residentsWhere = (filter: (r: SeedResident) => boolean | undefined): SeedResident[] => consistentResidents().filter((r) => filter(r));

/** Each form's field names as a delivery produced them, and as its template declares them (domain/forms): equal when the delivery carries exactly its template's fields. */
export const producedFields = (forms: readonly Pick<NewForm, 'type' | 'payload'>[]) => forms.map((f) => [f.type, Object.keys(f.payload)]);
export const declaredFields = (forms: readonly Pick<NewForm, 'type'>[]) => forms.map((f) => [f.type, formColumns(f.type)]);
