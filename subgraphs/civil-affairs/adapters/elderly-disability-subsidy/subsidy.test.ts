import { XMLParser } from 'fast-xml-parser';
import { population, type SeedBenefit } from '../../../../systems/seed/population';
import { elderlyDisabilitySubsidyStandIn } from '../../../../systems/elderly-disability-subsidy/standIn';
import { startStandIn, type StartedStandIn } from '../../../../tests/support/standIns';
import { UpstreamError } from '../../../../platform/errors';
import { HttpClient } from '../../../../platform/http/client';
import { SoapFaultError, SubsidyAdapter } from './index';

// Seeded stops predate the system's records of who stopped them: no stop reference.
const benefitOf = (b: SeedBenefit) => ({ status: b.status, monthlyAmount: b.monthlyAmount, since: b.since, stoppedOn: b.stoppedOn, stopReference: null });

/** A fetch that records what the adapter really sends, and may run a hook before passing it on. */
function recordingFetch(before?: (body: string) => void) {
  const sent: Array<{ headers: Headers; body: string }> = [];
  const impl = async (input: string | URL | Request, init?: RequestInit) => {
    const body = String(init?.body ?? '');
    sent.push({ headers: new Headers(init?.headers), body });
    before?.(body);
    return fetch(input, init);
  };
  return { sent, impl };
}

describe('elderly and disability subsidy adapter against the SOAP stand-in', () => {
  let soap: StartedStandIn;
  const residents = population().residents;
  const elderly = residents.filter((r) => r.elderlyDisability.elderlySubsidy?.status === 'ACTIVE' && !r.elderlyDisability.disabilitySubsidy);
  const both = residents.find((r) => r.elderlyDisability.elderlySubsidy && r.elderlyDisability.disabilitySubsidy)!;
  const nobody = residents.find((r) => !r.elderlyDisability.elderlySubsidy && !r.elderlyDisability.disabilitySubsidy)!;
  const stopLog = () => (soap.ctx.db.prepare('SELECT COUNT(*) AS n FROM stop_log').get() as { n: number }).n;
  const details = { stopDate: '2026-10-02', reason: 'DEATH' as const, reference: 'INTAKE <7> & "co"' };
  const adapter = (fetchImpl?: typeof fetch) => new SubsidyAdapter(new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: soap.url, backoffBaseMs: 1 }, fetchImpl));

  beforeAll(async () => {
    soap = await startStandIn(elderlyDisabilitySubsidyStandIn);
  });
  afterAll(async () => {
    await soap.close();
  });
  beforeEach(() => soap.ctx.stats.reset());

  it('getRecord sends a SOAP 1.1 envelope with its SOAPAction and parses the reply into both subsidies', async () => {
    const { sent, impl } = recordingFetch();
    const record = await adapter(impl).getRecord(both.idNumber);
    const { elderlySubsidy, disabilitySubsidy } = both.elderlyDisability;
    expect(record).toEqual({ elderlySubsidy: benefitOf(elderlySubsidy!), disabilitySubsidy: { ...benefitOf(disabilitySubsidy!), category: disabilitySubsidy!.category } });
    expect(sent).toHaveLength(1);
    expect(sent[0].headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(sent[0].headers.get('soapaction')).toBe('"urn:xindu:civil-affairs:subsidy-service:2016#GetSubsidyRecord"');
    const envelope = new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(sent[0].body);
    expect(envelope.Envelope.Body.GetSubsidyRecord).toEqual({ idNumber: both.idNumber });
    expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 1 });
  });

  it('getRecord gives null for a person without subsidies, and for a malformed number without calling', async () => {
    await expect(adapter().getRecord(nobody.idNumber)).resolves.toBeNull();
    await expect(adapter().getRecord('123')).resolves.toBeNull();
    expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 1 });
  });

  it('stopSubsidy reads before it writes: called twice it writes once and then answers ALREADY_STOPPED', async () => {
    const person = elderly[0];
    const before = stopLog();
    const { sent, impl } = recordingFetch();
    const a = adapter(impl);
    await expect(a.stopSubsidy(person.idNumber, 'ELDERLY', details)).resolves.toBe('STOPPED');
    await expect(a.stopSubsidy(person.idNumber, 'ELDERLY', details)).resolves.toBe('ALREADY_STOPPED');
    expect(stopLog()).toBe(before + 1);
    expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 2, StopSubsidy: 1 });
    // The reference travelled escaped and arrived intact.
    expect(sent[1].body).toContain('<sub:reference>INTAKE &lt;7&gt; &amp; &quot;co&quot;</sub:reference>');
    const logged = soap.ctx.db.prepare('SELECT reference, reason FROM stop_log ORDER BY id DESC LIMIT 1').get();
    expect(logged).toEqual({ reference: details.reference, reason: 'DEATH' });
    await expect(a.getRecord(person.idNumber)).resolves.toMatchObject({ elderlySubsidy: { status: 'STOPPED', stoppedOn: '2026-10-02' } });
  });

  it('getRecord exposes the reference a subsidy was stopped with; a paying one has none', async () => {
    const person = elderly[4];
    await expect(adapter().getRecord(person.idNumber)).resolves.toMatchObject({ elderlySubsidy: { status: 'ACTIVE', stopReference: null } });
    await adapter().stopSubsidy(person.idNumber, 'ELDERLY', { ...details, reference: 'int_ref_5' });
    await expect(adapter().getRecord(person.idNumber)).resolves.toMatchObject({ elderlySubsidy: { status: 'STOPPED', stopReference: 'int_ref_5' } });
  });

  it('stopSubsidy answers NOT_ENROLLED without writing for a subsidy the person does not hold', async () => {
    await expect(adapter().stopSubsidy(elderly[1].idNumber, 'DISABILITY', details)).resolves.toBe('NOT_ENROLLED');
    expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 1 });
  });

  it('a subsidy stopped between the read and the write: the soap:Client "already stopped" Fault becomes ALREADY_STOPPED', async () => {
    const person = elderly[2];
    // Another clerk stops the subsidy right after our read, before our StopSubsidy arrives.
    const { impl } = recordingFetch((body) => {
      if (body.includes('StopSubsidy>')) soap.ctx.db.prepare("UPDATE subsidies SET status_code = 3, stop_date = '2026-09-30' WHERE id_number = ?").run(person.idNumber);
    });
    const before = stopLog();
    await expect(adapter(impl).stopSubsidy(person.idNumber, 'ELDERLY', details)).resolves.toBe('ALREADY_STOPPED');
    expect(stopLog()).toBe(before);
    expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 1, StopSubsidy: 1 });
  });

  it('a soap:Client Fault is an UpstreamError SYSTEM_ERROR carrying the fault class, and is not retried', async () => {
    const before = stopLog();
    const err = await adapter().stopSubsidy(elderly[3].idNumber, 'ELDERLY', { ...details, stopDate: '2026-02-30' }).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toBeInstanceOf(SoapFaultError);
    expect(err).toMatchObject({ code: 'SYSTEM_ERROR', system: 'ELDERLY_DISABILITY_SUBSIDY', status: 500, faultCode: 'Client', errorCode: 'BAD_REQUEST' });
    // The system's definitive answer: a delivery ends on it instead of trying again.
    expect(err.definitive).toBe(true);
    expect(err.message).not.toContain(elderly[3].idNumber);
    expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 1, StopSubsidy: 1 });
    expect(stopLog()).toBe(before);
  });

  it('a soap:Server Fault is retried, then an UpstreamError SYSTEM_ERROR with faultCode Server', async () => {
    const { sent, impl } = recordingFetch();
    soap.ctx.faults.settings = { mode: 'error', latencyMs: 0 };
    try {
      const err = await adapter(impl).getRecord(both.idNumber).catch((e) => e);
      expect(err).toBeInstanceOf(SoapFaultError);
      expect(err).toMatchObject({ code: 'SYSTEM_ERROR', system: 'ELDERLY_DISABILITY_SUBSIDY', faultCode: 'Server', errorCode: 'INTERNAL_ERROR' });
      expect(err.definitive).toBe(false);
      expect(sent).toHaveLength(3);
    } finally {
      soap.ctx.faults.settings = { mode: 'none', latencyMs: 0 };
    }
  });

  it('a system that drops connections is SYSTEM_UNAVAILABLE naming it', async () => {
    soap.ctx.faults.settings = { mode: 'down', latencyMs: 0 };
    try {
      await expect(adapter().getRecord(both.idNumber)).rejects.toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'ELDERLY_DISABILITY_SUBSIDY' });
    } finally {
      soap.ctx.faults.settings = { mode: 'none', latencyMs: 0 };
    }
  });
});
