/**
 * Updates go through the stand-in's group commit; the version check runs inside the same unit as
 * the write, so two updates committed in one batch cannot both pass the same If-Match.
 */
import { startStandIn } from '../../tests/support/standIns';
import { consistentResidents } from '../seed/population';
import { CITIZEN_ID_SYSTEM, type Bundle, type Patient } from './fhir';
import { healthPlatformStandIn } from './standIn';

describe('concurrent FHIR updates', () => {
  it('lets one of two updates sent at once with the same If-Match through and refuses the other with 412', async () => {
    const hp = await startStandIn(healthPlatformStandIn);
    try {
      const living = consistentResidents()[7];
      const bundle = (await (await fetch(`${hp.url}/fhir/Patient?identifier=${CITIZEN_ID_SYSTEM}|${living.idNumber}`)).json()) as Bundle;
      const patient = bundle.entry[0].resource as Patient;
      const put = (deceasedDateTime: string) => {
        const dead: Patient = { ...patient, deceasedDateTime };
        delete dead.deceasedBoolean;
        return fetch(`${hp.url}/fhir/Patient/${patient.id}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json', 'If-Match': 'W/"1"' }, body: JSON.stringify(dead) });
      };
      const statuses = (await Promise.all([put('2026-09-20'), put('2026-09-21')])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412]);
      expect(hp.ctx.db.prepare('SELECT version_id FROM writes WHERE resource_id = ?').all(patient.id)).toEqual([{ version_id: 2 }]);
    } finally {
      await hp.close();
    }
  });
});
