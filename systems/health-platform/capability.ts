/**
 * GET /fhir/metadata: the CapabilityStatement every FHIR R4 server serves, and the first thing a
 * FHIR client reads. Built from the same lists the routes and the search use, so it cannot claim
 * an interaction or a search parameter the platform refuses.
 */
import { EPISODE_SEARCH_PARAMS, PATIENT_SEARCH_PARAMS } from './search';
import type { FhirResource } from './fhir';

/** The type of each search parameter the platform accepts; result parameters (_count, _offset, _include, _format) are not search parameters. */
const PARAM_TYPES: Record<string, 'token'> = {
  identifier: 'token',
  deceased: 'token',
  'patient.identifier': 'token',
  type: 'token',
  status: 'token',
};

const searchParams = (names: readonly string[]) => names.filter((name) => name in PARAM_TYPES).map((name) => ({ name, type: PARAM_TYPES[name] }));

const INTERACTIONS = [{ code: 'read' }, { code: 'update' }, { code: 'search-type' }];

export function capabilityStatement(date: string): FhirResource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'Health information platform (stand-in)' },
    implementation: { description: 'FHIR R4 JSON API of the health information platform' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        resource: [
          { type: 'Patient', interaction: INTERACTIONS, versioning: 'versioned-update', updateCreate: false, searchParam: searchParams(PATIENT_SEARCH_PARAMS) },
          {
            type: 'EpisodeOfCare',
            interaction: INTERACTIONS,
            versioning: 'versioned-update',
            updateCreate: false,
            searchInclude: ['EpisodeOfCare:patient'],
            searchParam: searchParams(EPISODE_SEARCH_PARAMS),
          },
        ],
      },
    ],
  };
}
