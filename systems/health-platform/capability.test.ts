/**
 * A real FHIR client library (fhir-kit-client) against the stand-in: it reads the
 * CapabilityStatement first, as FHIR clients do, and searches Patients by the citizen identifier.
 */
import Client from 'fhir-kit-client';
import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { CITIZEN_ID_SYSTEM } from './fhir';
import { healthPlatformStandIn } from './standIn';

describe('the health platform as a FHIR client sees it', () => {
  let hp: StartedStandIn;
  let client: Client;
  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
    client = new Client({ baseUrl: `${hp.url}/fhir` });
  });
  afterAll(() => hp.close());

  it('serves a FHIR R4 CapabilityStatement listing the resources and the search parameters it supports', async () => {
    const statement = await client.capabilityStatement();
    expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1' });
    const resources = (statement.rest as Array<{ mode: string; resource: Array<{ type: string; interaction: { code: string }[]; searchParam: { name: string }[] }> }>)[0].resource;
    const patient = resources.find((r) => r.type === 'Patient')!;
    expect(patient.interaction.map((i) => i.code).sort()).toEqual(['read', 'search-type', 'update']);
    expect(patient.searchParam.map((p) => p.name).sort()).toEqual(['deceased', 'identifier']);
    const episode = resources.find((r) => r.type === 'EpisodeOfCare')!;
    expect(episode.searchParam.map((p) => p.name).sort()).toEqual(['patient.identifier', 'status', 'type']);
  });

  it('answers a Patient search by citizen identifier with a searchset Bundle', async () => {
    const residents = population().residents.slice(0, 2);
    const bundle = await client.search({ resourceType: 'Patient', searchParams: { identifier: residents.map((r) => `${CITIZEN_ID_SYSTEM}|${r.idNumber}`).join(',') } });
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    const found = (bundle.entry as Array<{ resource: { identifier: { system: string; value: string }[] } }>).map((e) => e.resource.identifier.find((i) => i.system === CITIZEN_ID_SYSTEM)!.value);
    expect(found.sort()).toEqual(residents.map((r) => r.idNumber).sort());
  });
});
