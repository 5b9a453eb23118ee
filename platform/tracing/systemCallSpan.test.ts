/**
 * What a system call's span is named by: the route template, never the concrete path (which holds
 * ID numbers), no query string (which holds them too), and a SOAP call's operation.
 */
import { routeTemplate, systemCallTarget } from './systemCallSpan';

describe('routeTemplate', () => {
  it.each([
    ['/si/v2/insured-persons/110105194912310021', '/si/v2/insured-persons/{id}'],
    ['/si/v2/pensions/11010519491231002X/stop', '/si/v2/pensions/{id}/stop'],
    ['/si/v2/insured-persons?idNumbers=110105194912310021,110105194912310022&page=1', '/si/v2/insured-persons'],
    ['/registry/persons/%E5%BC%A0', '/registry/persons/{id}'],
    ['/api/v1/cases/CASE-2026-0001/termination', '/api/v1/cases/{id}/termination'],
    ['/fhir/Patient?identifier=urn%3Aid%7C110105194912310021&_count=100', '/fhir/Patient'],
    ['/fhir/EpisodeOfCare/ep-7f3a9', '/fhir/EpisodeOfCare/{id}'],
    ['/registry/export.csv?community=510114001001', '/registry/export.csv'],
    ['/dex/v1/hukou/registrations/batch-query', '/dex/v1/hukou/registrations/batch-query'],
  ])('%s -> %s', (path, template) => {
    expect(routeTemplate(path)).toBe(template);
  });
});

describe('systemCallTarget', () => {
  it("adds a SOAP call's operation from its SOAPAction header, whatever the header's case", () => {
    expect(systemCallTarget('/soap/SubsidyService', { SOAPAction: '"urn:subsidy#GetSubsidyRecord"' })).toBe('/soap/SubsidyService#GetSubsidyRecord');
    expect(systemCallTarget('/soap/SubsidyService', { soapaction: 'urn:subsidy#StopSubsidy' })).toBe('/soap/SubsidyService#StopSubsidy');
  });

  it('is the route template alone for other calls', () => {
    expect(systemCallTarget('/api/v1/recipients/110105194912310021', { 'content-type': 'application/json' })).toBe('/api/v1/recipients/{id}');
  });
});
