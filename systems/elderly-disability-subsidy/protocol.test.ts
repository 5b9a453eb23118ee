import { XMLParser } from 'fast-xml-parser';
import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { elderlyDisabilitySubsidyStandIn } from './standIn';

const NS = 'urn:xindu:civil-affairs:subsidy-service:2016';
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false, isArray: (name) => name === 'subsidy' });

function envelope(operation: string, fields: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:s="${NS}">
  <soap:Body><s:${operation}>${fields}</s:${operation}></soap:Body>
</soap:Envelope>`;
}

describe('elderly and disability subsidy stand-in (SOAP 1.1)', () => {
  let soap: StartedStandIn;
  const residents = population().residents;
  const elderly = residents.filter((r) => r.elderlyDisability.elderlySubsidy?.status === 'ACTIVE');
  const disabled = residents.find((r) => r.elderlyDisability.disabilitySubsidy?.status === 'ACTIVE')!;
  const nobody = residents.find((r) => !r.elderlyDisability.elderlySubsidy && !r.elderlyDisability.disabilitySubsidy)!;

  const call = async (operation: string, fields: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${soap.url}/soap/SubsidyService`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${NS}#${operation}"`, ...headers },
      body: envelope(operation, fields),
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type'), text, body: parser.parse(text).Envelope.Body };
  };
  const stopLog = () => (soap.ctx.db.prepare('SELECT COUNT(*) AS n FROM stop_log').get() as { n: number }).n;

  beforeAll(async () => {
    soap = await startStandIn(elderlyDisabilitySubsidyStandIn);
  });
  afterAll(async () => {
    await soap.close();
  });

  it('GetSubsidyRecord answers a SOAP envelope with the seeded subsidies of the person', async () => {
    const seeded = disabled.elderlyDisability.disabilitySubsidy!;
    const reply = await call('GetSubsidyRecord', `<s:idNumber>${disabled.idNumber}</s:idNumber>`);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('text/xml; charset=utf-8');
    expect(reply.text).toContain('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">');
    expect(reply.text).toContain(`<GetSubsidyRecordResponse xmlns="${NS}">`);
    const response = reply.body.GetSubsidyRecordResponse;
    expect(response.idNumber).toBe(disabled.idNumber);
    expect(response.subsidies.subsidy).toContainEqual({
      subsidyType: 'DISABILITY',
      category: seeded.category,
      statusCode: '1',
      monthlyAmount: seeded.monthlyAmount.toFixed(2),
      startDate: seeded.since,
    });
  });

  it('GetSubsidyRecord for a person it does not know answers an empty list, not a Fault', async () => {
    const reply = await call('GetSubsidyRecord', `<s:idNumber>${nobody.idNumber}</s:idNumber>`);
    expect(reply.status).toBe(200);
    expect(reply.body.GetSubsidyRecordResponse.subsidies).toBe('');
  });

  it.each([
    ['a malformed ID number', () => call('GetSubsidyRecord', '<s:idNumber>12345</s:idNumber>'), /idNumber must be 17 digits/],
    ['a SOAPAction that does not match the Body', () => call('GetSubsidyRecord', `<s:idNumber>${nobody.idNumber}</s:idNumber>`, { SOAPAction: `"${NS}#StopSubsidy"` }), /SOAPAction header names StopSubsidy/],
    ['a missing SOAPAction', () => call('GetSubsidyRecord', `<s:idNumber>${nobody.idNumber}</s:idNumber>`, { SOAPAction: '' }), /SOAPAction header must name/],
    ['a wrong Content-Type', () => call('GetSubsidyRecord', `<s:idNumber>${nobody.idNumber}</s:idNumber>`, { 'Content-Type': 'application/json' }), /Content-Type must be text\/xml/],
    ['XML that is not well-formed', () => call('GetSubsidyRecord', '<s:idNumber>1</s:wrong>'), /not well-formed/],
    ['a stop date that does not exist', () => call('StopSubsidy', `<s:idNumber>${elderly[0].idNumber}</s:idNumber><s:subsidyType>ELDERLY</s:subsidyType><s:stopDate>2026-02-30</s:stopDate><s:reason>DEATH</s:reason><s:reference>R</s:reference>`), /stopDate must be a date that exists/],
  ])('refuses %s with HTTP 500 and a soap:Client Fault', async (_what, send, message) => {
    const reply = await send();
    expect(reply.status).toBe(500);
    expect(reply.body.Fault).toMatchObject({ faultcode: 'soap:Client', faultstring: expect.stringMatching(message), detail: { SubsidyFault: { errorCode: 'BAD_REQUEST' } } });
  });

  it('StopSubsidy stops once; the second stop is a soap:Client Fault "already stopped" and logs nothing', async () => {
    const person = elderly[1];
    const before = stopLog();
    const fields = `<s:idNumber>${person.idNumber}</s:idNumber><s:subsidyType>ELDERLY</s:subsidyType><s:stopDate>2026-10-02</s:stopDate><s:reason>DEATH</s:reason><s:reference>INTAKE &amp; 7 &lt;x&gt;</s:reference>`;
    const first = await call('StopSubsidy', fields);
    expect(first.status).toBe(200);
    expect(first.body.StopSubsidyResponse).toMatchObject({ result: 'STOPPED', stopDate: '2026-10-02', logId: expect.stringMatching(/^\d+$/) });
    const second = await call('StopSubsidy', fields);
    expect(second.status).toBe(500);
    expect(second.body.Fault).toMatchObject({ faultcode: 'soap:Client', faultstring: expect.stringContaining('already stopped'), detail: { SubsidyFault: { errorCode: 'ALREADY_STOPPED' } } });
    expect(stopLog()).toBe(before + 1);
    const logged = soap.ctx.db.prepare('SELECT reference FROM stop_log ORDER BY id DESC LIMIT 1').get() as { reference: string };
    expect(logged.reference).toBe('INTAKE & 7 <x>');
    const after = await call('GetSubsidyRecord', `<s:idNumber>${person.idNumber}</s:idNumber>`);
    expect(after.body.GetSubsidyRecordResponse.subsidies.subsidy[0]).toMatchObject({ subsidyType: 'ELDERLY', statusCode: '3', stopDate: '2026-10-02' });
  });

  it('GetSubsidyRecord shows a stopped subsidy with the reference its stop was logged with, and none for a stop before the log', async () => {
    const person = elderly[2];
    await call('StopSubsidy', `<s:idNumber>${person.idNumber}</s:idNumber><s:subsidyType>ELDERLY</s:subsidyType><s:stopDate>2026-10-03</s:stopDate><s:reason>MOVED_OUT</s:reason><s:reference>int_ref_9</s:reference>`);
    const after = await call('GetSubsidyRecord', `<s:idNumber>${person.idNumber}</s:idNumber>`);
    expect(after.body.GetSubsidyRecordResponse.subsidies.subsidy[0]).toMatchObject({ subsidyType: 'ELDERLY', statusCode: '3', stopDate: '2026-10-03', stopReference: 'int_ref_9' });
    const stoppedBefore = residents.find((r) => r.elderlyDisability.elderlySubsidy?.status === 'STOPPED')!;
    const seeded = await call('GetSubsidyRecord', `<s:idNumber>${stoppedBefore.idNumber}</s:idNumber>`);
    const subsidy = seeded.body.GetSubsidyRecordResponse.subsidies.subsidy.find((s: Record<string, string>) => s.subsidyType === 'ELDERLY');
    expect(subsidy).toMatchObject({ statusCode: '3' });
    expect(subsidy).not.toHaveProperty('stopReference');
  });

  it('StopSubsidy of a subsidy the person does not hold is a soap:Client Fault NOT_ENROLLED', async () => {
    const reply = await call('StopSubsidy', `<s:idNumber>${nobody.idNumber}</s:idNumber><s:subsidyType>DISABILITY</s:subsidyType><s:stopDate>2026-10-02</s:stopDate><s:reason>MOVED_OUT</s:reason><s:reference>R</s:reference>`);
    expect(reply.body.Fault).toMatchObject({ faultcode: 'soap:Client', detail: { SubsidyFault: { errorCode: 'NOT_ENROLLED' } } });
  });

  it('counts requests by the operation their SOAPAction names', async () => {
    soap.ctx.stats.reset();
    await call('GetSubsidyRecord', `<s:idNumber>${nobody.idNumber}</s:idNumber>`);
    await call('GetSubsidyRecord', `<s:idNumber>${nobody.idNumber}</s:idNumber>`);
    expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 2 });
  });

  it('answers an injected error as a soap:Server Fault with HTTP 500', async () => {
    soap.ctx.faults.settings = { mode: 'error', latencyMs: 0 };
    try {
      const reply = await call('GetSubsidyRecord', `<s:idNumber>${nobody.idNumber}</s:idNumber>`);
      expect(reply.status).toBe(500);
      expect(reply.contentType).toBe('text/xml; charset=utf-8');
      expect(reply.body.Fault).toMatchObject({ faultcode: 'soap:Server', detail: { SubsidyFault: { errorCode: 'INTERNAL_ERROR' } } });
    } finally {
      soap.ctx.faults.settings = { mode: 'none', latencyMs: 0 };
    }
  });

  it('serves a WSDL describing both operations at ?wsdl', async () => {
    const res = await fetch(`${soap.url}/soap/SubsidyService?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = parser.parse(await res.text()).definitions;
    expect(wsdl['@_targetNamespace']).toBe(NS);
    expect(wsdl.portType.operation.map((o: Record<string, string>) => o['@_name'])).toEqual(['GetSubsidyRecord', 'StopSubsidy']);
    expect(wsdl.binding.operation.map((o: { operation: Record<string, string> }) => o.operation['@_soapAction'])).toEqual([`${NS}#GetSubsidyRecord`, `${NS}#StopSubsidy`]);
    expect(wsdl.service.port.address['@_location']).toBe(`${soap.url}/soap/SubsidyService`);
    const subsidyType = wsdl.types.schema.complexType;
    expect(subsidyType['@_name']).toBe('Subsidy');
    expect(subsidyType.sequence.element.map((e: Record<string, string>) => e['@_name'])).toContain('stopReference');
  });
});
