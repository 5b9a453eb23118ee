/**
 * Bad input is refused with the field and the rule, and nothing is stored or sent: no intake,
 * no outbox event, no write, and for rules the schema decides alone, no system call at all.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { makeIdNumber } from '../domain/idNumber';
import { SYSTEM_NAMES } from '../domain/systems';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, moveOf, report } from './support/reports';
import { writeCounts, writesSince } from './support/writes';

async function requestsBySystem(stack: Stack) {
  return Object.fromEntries(await Promise.all(SYSTEM_NAMES.map(async (s) => [s, (await stack.stats(s)).total] as const)));
}

describe('reportPopulationChange: bad input stores and sends nothing', () => {
  let stack: Stack;
  const person = consistentResidents().find((r) => r.community === '510114001001' && r.socialAssistance.subsistenceAllowance)!;
  const stranger = consistentResidents().find((r) => r.community === '510114002001')!;
  const outbox = () => {
    const db = new Database(join(stack.dataDir, 'intake.sqlite'), { readonly: true });
    try {
      return {
        intakes: (db.prepare('SELECT COUNT(*) AS n FROM intakes').get() as { n: number }).n,
        deliveries: (db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n,
      };
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  const wrongCheck = person.idNumber.slice(0, 17) + (person.idNumber[17] === '1' ? '2' : '1');
  it.each([
    ['a wrong check character', { idNumber: wrongCheck }, 'idNumber', 'checkCharacter'],
    ['a wrong length', { idNumber: person.idNumber.slice(0, 15) }, 'idNumber', 'length'],
    ['an impossible birth date in the number', { idNumber: makeIdNumber('510114', '19500230', 7) }, 'idNumber', 'birthDate'],
    ['an impossible date', { effectiveDate: '2026-02-30' }, 'effectiveDate', 'realDate'],
    ['a future date', { effectiveDate: '2999-12-31' }, 'effectiveDate', 'notInFuture'],
    ['an absurdly old date', { effectiveDate: '1970-01-01' }, 'effectiveDate', 'tooOld'],
    ['missing death details', { death: null }, 'death', 'required'],
    ['a blank name', { name: ' ' }, 'name', 'required'],
  ])('%s: BAD_USER_INPUT at the field with its rule, and no system is called', async (_label, change, field, rule) => {
    const beforeStore = outbox();
    const beforeCalls = await requestsBySystem(stack);
    const res = await report(stack, deathOf(person, change), person.community);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields).toContainEqual(expect.objectContaining({ path: ['input', field], rule }));
    expect(res.data ?? null).toBeNull();
    expect(outbox()).toEqual(beforeStore);
    expect(await requestsBySystem(stack)).toEqual(beforeCalls);
  });

  it.each([
    ['a bell in the death place', () => deathOf(person, { death: { place: '家\u0007中', certificateNumber: 'D2026-0001' } }), ['death', 'place']],
    ['an escape sequence in the death place', () => deathOf(person, { death: { place: '家中\u001b[31m' } }), ['death', 'place']],
    ['a C1 control in the death place', () => deathOf(person, { death: { place: '医院\u0085病房' } }), ['death', 'place']],
    ['a right-to-left override in the destination', () => moveOf(person, { move: { destination: '成都市\u202Egpj.exe' } }), ['move', 'destination']],
    ['a bidi isolate in the destination', () => moveOf(person, { move: { destination: '成都\u2066市' } }), ['move', 'destination']],
    ['a right-to-left mark in the destination', () => moveOf(person, { move: { destination: '成都\u200F市' } }), ['move', 'destination']],
    ['a control character in the certificate number', () => deathOf(person, { death: { place: '家中', certificateNumber: 'D2026\u00000001' } }), ['death', 'certificateNumber']],
  ])('%s: BAD_USER_INPUT naming the field, nothing stored and no system called', async (_label, input, path) => {
    const beforeStore = outbox();
    const beforeCalls = await requestsBySystem(stack);
    const res = await report(stack, input(), person.community);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const rule = path[1] === 'certificateNumber' ? 'format' : 'controlCharacters';
    expect(res.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['input', ...path], rule })]);
    expect(outbox()).toEqual(beforeStore);
    expect(await requestsBySystem(stack)).toEqual(beforeCalls);
  });

  it.each([
    ['an unknown community', () => deathOf(person, { community: '510114009009' }), '510114009009', 'community', 'unknownCommunity'],
    ["another community's resident (told apart from an unknown number by nobody)", () => deathOf(stranger, { community: person.community }), person.community, 'idNumber', 'notRegistered'],
    ['a number the registry does not know', () => deathOf(person, { idNumber: makeIdNumber('510114', '19800101', 999) }), person.community, 'idNumber', 'notRegistered'],
    ['a name that does not match the number', () => deathOf(person, { name: '张冒名' }), person.community, 'name', 'nameMismatch'],
  ])('%s: BAD_USER_INPUT with its rule; the registry is only read, nothing stored or written', async (_label, input, community, field, rule) => {
    const beforeStore = outbox();
    const beforeWrites = writeCounts(stack);
    const res = await report(stack, input(), community);
    expect(res.errors?.[0].extensions?.fields).toContainEqual(expect.objectContaining({ path: ['input', field], rule }));
    expect(outbox()).toEqual(beforeStore);
    expect(writesSince(stack, beforeWrites)).toEqual({ COMMUNITY_REGISTRY: 0, SOCIAL_ASSISTANCE: 0, ELDERLY_DISABILITY_SUBSIDY: 0, SOCIAL_INSURANCE: 0, HEALTH_PLATFORM: 0 });
  });

  it('reports every bad field at once', async () => {
    const res = await report(stack, deathOf(person, { idNumber: '123', name: '', effectiveDate: '2999-01-01' }), person.community);
    const fields = (res.errors?.[0].extensions?.fields as { path: string[] }[]).map((f) => f.path.join('.')).sort();
    expect(fields).toEqual(['input.effectiveDate', 'input.idNumber', 'input.name']);
  });

  it("a community worker cannot report for another community: FORBIDDEN, nothing stored", async () => {
    const beforeStore = outbox();
    const res = await report(stack, deathOf(stranger), person.community);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(outbox()).toEqual(beforeStore);
  });

  it('only community workers report changes', async () => {
    const token = await stack.token('civil-affairs');
    const res = await stack.query('mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }', { input: deathOf(person) }, token);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
