import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { socialInsuranceStandInWith } from './standIn';
import type { WireInsuredPerson, WirePage } from './wire';

const residents = population().residents;
const known = residents.filter((r) => r.socialInsurance.insured || r.socialInsurance.pension);
const unknown = residents.filter((r) => !r.socialInsurance.insured && !r.socialInsurance.pension);

describe('social insurance batch lookup (paginated)', () => {
  let si: StartedStandIn;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0, burst: 1 }));
  });
  afterAll(() => si.close());

  const lookup = (query: string) => fetch(`${si.url}/si/v2/insured-persons?${query}`);

  it('splits the persons found into pages of pageSize, in ID-number order, with totals', async () => {
    const ids = [...known.slice(0, 70), ...unknown.slice(0, 30)].map((r) => r.idNumber);
    const first = (await (await lookup(`idNumbers=${ids.join(',')}&pageSize=50`)).json()) as WirePage<WireInsuredPerson>;
    const second = (await (await lookup(`idNumbers=${ids.join(',')}&pageSize=50&page=2`)).json()) as WirePage<WireInsuredPerson>;
    expect(first).toMatchObject({ page: 1, pageSize: 50, totalItems: 70, totalPages: 2 });
    expect(first.items).toHaveLength(50);
    expect(second.items).toHaveLength(20);
    const returned = [...first.items, ...second.items].map((p) => p.idNumber);
    expect(returned).toEqual(known.slice(0, 70).map((r) => r.idNumber).sort());
  });

  it('answers in its own vocabulary: pension type, pay status and the amount in fen', async () => {
    const pensioner = known.find((r) => r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT' && r.socialInsurance.pension.status === 'ACTIVE')!;
    const page = (await (await lookup(`idNumbers=${pensioner.idNumber}`)).json()) as WirePage<WireInsuredPerson>;
    expect(page.items[0]).toEqual({
      idNumber: pensioner.idNumber,
      insured: true,
      pension: {
        type: 'EMPLOYEE_BASIC',
        payStatus: 'PAYING',
        monthlyAmountFen: pensioner.socialInsurance.pension!.monthlyAmount * 100,
        startDate: pensioner.socialInsurance.pension!.since,
        endDate: null,
        endReason: null,
        endReference: null,
      },
      claims: [],
    });
  });

  it('leaves out people it does not know (no error)', async () => {
    const page = (await (await lookup(`idNumbers=${unknown[0].idNumber}`)).json()) as WirePage<WireInsuredPerson>;
    expect(page).toEqual({ items: [], page: 1, pageSize: 20, totalItems: 0, totalPages: 0 });
  });

  it('refuses more than 100 ID numbers in one query with a 400', async () => {
    const res = await lookup(`idNumbers=${residents.slice(0, 101).map((r) => r.idNumber).join(',')}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'TOO_MANY_ID_NUMBERS' });
  });

  it.each([
    ['pageSize above 50', `idNumbers=${residents[0].idNumber}&pageSize=51`, 'INVALID_PAGE_SIZE'],
    ['page 0', `idNumbers=${residents[0].idNumber}&page=0`, 'INVALID_PAGE'],
    ['a malformed ID number', 'idNumbers=12345', 'INVALID_ID_NUMBER'],
    ['no ID numbers', 'page=1', 'ID_NUMBERS_REQUIRED'],
  ])('refuses %s with a 400 and a coded error', async (_what, query, code) => {
    const res = await lookup(query);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code });
  });

  it('reads one person, and 404s one it does not know', async () => {
    const hit = await fetch(`${si.url}/si/v2/insured-persons/${known[0].idNumber}`);
    expect(await hit.json()).toMatchObject({ idNumber: known[0].idNumber, insured: known[0].socialInsurance.insured });
    const miss = await fetch(`${si.url}/si/v2/insured-persons/${unknown[0].idNumber}`);
    expect(miss.status).toBe(404);
    expect(await miss.json()).toMatchObject({ code: 'PERSON_NOT_FOUND' });
  });

  it('counts each page served under its own stats kind', async () => {
    await fetch(`${si.url}/__admin/stats/reset`, { method: 'POST' });
    await lookup(`idNumbers=${known[0].idNumber}`);
    const stats = await (await fetch(`${si.url}/__admin/stats`)).json();
    expect(stats.byKind).toEqual({ 'insured-persons-page': 1 });
  });
});
