/**
 * The permission matrix (platform/auth/permissions.ts, shown in the README), cell by cell,
 * through the gateway: every row of the matrix for every role, the Resident's fields by every
 * route a client can take to them (fields, aliases, named and inline fragments), community
 * workers against another community's residents, and ID numbers whole or masked as the cell says.
 */
import { reportReference } from '../subgraphs/community/intake/reference';
import { COMMUNITIES } from '../systems/seed/communities';
import { plantedCancellations } from '../systems/household-registration/store';
import { SYSTEMS, type SystemName } from '../domain/systems';
import { consistentResidents, population, type SeedResident } from '../systems/seed/population';
import { CALLER_ROLES, type CallerRole } from '../platform/auth/caller';
import { MATRIX, type Access, type MatrixRow } from '../platform/auth/permissions';
import { sealJoinKey } from '../platform/auth/joinKey';
import { DEVELOPMENT_GATEWAY_SECRET } from '../platform/auth/secrets';
import { expectCell, errorAt, RESIDENT_SELECTIONS, ROUTES, seededResident, valueAt, type Reply } from './support/matrixProbes';
import { deathOf, report } from './support/reports';
import { RECONCILIATION_SYSTEM_TIMEOUT_MS, startStack, type Stack } from './support/stack';

/** A resident the health platform records as dead, still drawing benefits and a pension: every department has something on them. */
const A = population().residents.find((r) => r.health.deceased && (r.socialAssistance.subsistenceAllowance || r.elderlyDisability.elderlySubsidy) && r.socialInsurance.pension)!;
/** A resident of the same community whose death a community worker reports, so there are population changes and forms to read. */
const B = consistentResidents().find((r) => r.community === A.community && r.socialAssistance.subsistenceAllowance && r.socialInsurance.pension)!;
const OTHER_COMMUNITY = COMMUNITIES.find((c) => c.code !== A.community)!.code;
const THIS_MONTH = '{ preset: THIS_MONTH }';

const residentRows = MATRIX.filter((r) => r.field.startsWith('Resident.'));
const fieldOf = (row: MatrixRow) => row.field.split('.')[1];

let stack: Stack;
let intakeId: string;
const tokens = {} as Record<CallerRole | 'other-community', string>;

/** One request as `role` (a community worker of A's community; 'other-community' one of another). */
const ask = (who: CallerRole | 'other-community', query: string, variables?: Record<string, unknown>) => stack.query(query, variables, tokens[who]) as Promise<Reply>;

beforeAll(async () => {
  stack = await startStack({ systemTimeoutMs: RECONCILIATION_SYSTEM_TIMEOUT_MS });
  for (const role of CALLER_ROLES) {
    tokens[role] = role === 'reconciliation' ? await stack.serviceToken() : role === 'community' ? await stack.token('community', A.community) : await stack.token(role);
  }
  tokens['other-community'] = await stack.token('community', OTHER_COMMUNITY);
  const reported = await report(stack, deathOf(B, { death: { place: '新都区人民医院', certificateNumber: 'D2026-4711' } }));
  expect(reported.errors).toBeUndefined();
  intakeId = reported.data!.reportPopulationChange.id;
}, 90_000);
afterAll(() => stack?.close());

it('every row of the matrix is probed below', () => {
  const probed = new Set([...residentRows.map((r) => r.field), ...Object.keys(ENTRY_PROBES), ...Object.keys(REPORT_PROBES)]);
  expect(MATRIX.map((r) => r.field).filter((f) => !probed.has(f))).toEqual([]);
});

describe.each(ROUTES)('Resident fields through $name', (route) => {
  const fields = residentRows.map(fieldOf);
  const replies = new Map<CallerRole | 'other-community', { replies: Reply[]; at: (reply: Reply) => (string | number)[] }>();

  beforeAll(async () => {
    for (const who of [...CALLER_ROLES, 'other-community'] as const) {
      if (who === 'reconciliation') {
        // The service reaches residents through its evidence lists, not by number: find A in recordedDeaths.
        const parts = await Promise.all(
          route.parts(fields).map(({ selection, fragments }) => ask(who, `{ recordedDeaths { locate: idNumber ${selection} } } ${fragments}`)),
        );
        replies.set(who, { replies: parts, at: (reply) => ['recordedDeaths', (valueAt(reply, ['recordedDeaths']) as Array<{ locate: string }>).findIndex((r) => r.locate === A.idNumber)] });
      } else {
        const parts = await Promise.all(route.parts(fields).map(({ selection, fragments }) => ask(who, `query($id: ID!) { resident(idNumber: $id) { ${selection} } } ${fragments}`, { id: A.idNumber })));
        replies.set(who, { replies: parts, at: () => ['resident'] });
      }
    }
  }, 60_000);

  const cells = residentRows.flatMap((row) => CALLER_ROLES.map((role) => [row.field, role, row.access[role]] as [string, CallerRole, Access]));
  it.each(cells)('%s as %s: %s', (field, role, access) => {
    const { replies: parts, at } = replies.get(role)!;
    const name = field.split('.')[1];
    const reply = parts.find((p) => valueAt(p, [...at(p), route.key(name)]) !== undefined || errorAt(p, [...at(p), route.key(name)]))!;
    expect(reply).toBeDefined();
    expectCell(reply, [...at(reply), route.key(name)], access === 'own' ? 'full' : access, seededResident(A)[name]);
  });

  it("a community worker of another community reads none of them: the resident is null with FORBIDDEN", () => {
    for (const reply of replies.get('other-community')!.replies) {
      expect(reply.data?.resident).toBeNull();
      expect(errorAt(reply, ['resident'])?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

/** What each role's answer to an entry point must show, per access level. */
type EntryProbe = (who: CallerRole | 'other-community', access: Access | 'foreign') => Promise<void>;

const refused = (reply: Reply, path: (string | number)[]) => {
  expect(valueAt(reply, path) ?? null).toBeNull();
  expect(errorAt(reply, path)?.extensions?.code).toBe('FORBIDDEN');
};
const answered = (reply: Reply, path: (string | number)[]) => expect(errorAt(reply, path)).toBeUndefined();

const ENTRY_PROBES: Record<string, EntryProbe> = {
  'Query.resident': async (who, access) => {
    const reply = await ask(who, 'query($id: ID!) { resident(idNumber: $id) { __typename } }', { id: A.idNumber });
    if (access === 'none' || access === 'foreign') refused(reply, ['resident']);
    else expect(reply.data?.resident).toEqual({ __typename: 'Resident' });
  },
  'Query.residents': async (who, access) => {
    const reply = await ask(who, '{ residents(first: 5) { totalCount nodes { idNumber } } }');
    if (access === 'none') return refused(reply, ['residents']);
    answered(reply, ['residents']);
    const page = reply.data!.residents as { totalCount: number; nodes: { idNumber: string }[] };
    const community = who === 'other-community' ? OTHER_COMMUNITY : A.community;
    const listed = access === 'full' ? population().residents : population().residents.filter((r) => r.community === community);
    expect(page.totalCount).toBe(listed.length);
    expect(page.nodes.map((n) => n.idNumber)).toEqual(listed.map((r) => r.idNumber).sort().slice(0, 5));
  },
  'Query.communities': async (who, access) => {
    const reply = await ask(who, '{ communities { code } }');
    if (access === 'none') refused(reply, ['communities']);
    else expect(reply.data?.communities).toHaveLength(COMMUNITIES.length);
  },
  'Query.departedResidents': async (who, access) => {
    const reply = await ask(who, '{ departedResidents { __typename } }');
    if (access === 'none') refused(reply, ['departedResidents']);
    else expect((reply.data?.departedResidents as unknown[]).length).toBeGreaterThan(0);
  },
  'Query.recordedDeaths': async (who, access) => {
    const reply = await ask(who, '{ recordedDeaths { __typename } }');
    if (access === 'none') refused(reply, ['recordedDeaths']);
    else expect((reply.data?.recordedDeaths as unknown[]).length).toBeGreaterThan(0);
  },
  'Query.cancelledRegistrations': async (who, access) => {
    const reply = await ask(who, '{ cancelledRegistrations { __typename } }');
    if (access === 'none') refused(reply, ['cancelledRegistrations']);
    else expect((reply.data?.cancelledRegistrations as unknown[]).length).toBeGreaterThan(0);
  },
  ...Object.fromEntries(
    ['civilAffairsReconciliationCandidates', 'hrssReconciliationCandidates', 'healthReconciliationCandidates'].map((field): [string, EntryProbe] => [
      `Query.${field}`,
      async (who, access) => {
        // Residents by sealed join key (the key reconciliation seals): never a number in clear.
        const reply = await ask(who, `query($k: [String!]!) { ${field}(joinKeys: $k) { idNumber } }`, { k: [sealJoinKey(DEVELOPMENT_GATEWAY_SECRET, { idNumber: A.idNumber })] });
        if (access === 'none') refused(reply, [field]);
        else expect(reply.data?.[field]).toEqual([{ idNumber: A.idNumber }]);
      },
    ]),
  ),
  'Query.intake': async (who, access) => {
    const reply = await ask(who, 'query($id: ID!) { intake(id: $id) { id } }', { id: intakeId });
    if (access === 'none') refused(reply, ['intake']);
    // Another community's report does not exist for a community worker.
    else expect(reply.data?.intake).toEqual(access === 'foreign' ? null : { id: intakeId });
  },
  'Query.populationChanges': async (who, access) => {
    const reply = await ask(who, `{ populationChanges(period: ${THIS_MONTH}) { intakeId } }`);
    if (access === 'none') return refused(reply, ['populationChanges']);
    const ids = (reply.data!.populationChanges as { intakeId: string }[]).map((c) => c.intakeId);
    if (access === 'foreign') expect(ids).not.toContain(intakeId);
    else expect(ids).toContain(intakeId);
  },
  'Query.forms': async (who, access) => {
    const reply = await ask(who, `{ forms(period: ${THIS_MONTH}) { department intakeId } }`);
    if (access === 'none') return refused(reply, ['forms']);
    const forms = reply.data!.forms as { department: string; intakeId: string }[];
    const departments = new Set(forms.filter((f) => f.intakeId === intakeId).map((f) => f.department));
    if (access === 'full') expect([...departments].sort()).toEqual(['civil-affairs', 'community', 'health', 'hrss']);
    else if (access === 'foreign') expect(departments.size).toBe(0);
    else expect([...departments]).toEqual([who === 'other-community' ? 'community' : who]);
  },
  'Query.benefitAnomalies': async (who, access) => {
    const reply = await ask(who, '{ benefitAnomalies { paidBy } }');
    if (access === 'none') refused(reply, ['benefitAnomalies']);
    else expect((reply.data?.benefitAnomalies as unknown[]).length).toBeGreaterThanOrEqual(population().disagreements.length);
  },
  'Query.auditLog': async (who, access) => {
    const reply = await ask(who, '{ auditLog(first: 5) { seq } }');
    if (access === 'none') refused(reply, ['auditLog']);
    else expect(errorAt(reply, ['auditLog'])).toBeUndefined();
  },
  'Query.auditChainValid': async (who, access) => {
    const reply = await ask(who, '{ auditChainValid { valid } }');
    if (access === 'none') refused(reply, ['auditChainValid']);
    else expect(reply.data?.auditChainValid).toEqual({ valid: true });
  },
  'AuditRecord.residentIdNumber': async (who, access) => {
    // Supervision's own read of the anomalies leaves records naming residents.
    if (access !== 'none') await ask('supervision', '{ benefitAnomalies { resident { idNumber } } }');
    const reply = await ask(who, '{ auditLog(first: 50) { residentIdNumber } }');
    if (access === 'none') return refused(reply, ['auditLog']);
    const named = (reply.data!.auditLog as { residentIdNumber: string | null }[]).map((r) => r.residentIdNumber).filter(Boolean);
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  },
  'Mutation.reportPopulationChange': async (who, access) => {
    // Allowed: the input is looked at (and refused for its bad ID number); a foreign community's report is refused whole.
    const input = access === 'foreign' ? deathOf(A) : deathOf(A, { idNumber: A.idNumber.slice(0, 17) + (A.idNumber[17] === '0' ? '1' : '0') });
    const reply = await ask(who, 'mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }', { input });
    expect(reply.errors?.[0].extensions?.code).toBe(access === 'own' ? 'BAD_USER_INPUT' : 'FORBIDDEN');
  },
  'Query.reports': async (who, access) => {
    // Found by its reference: the worker's own community's report, and nobody else's.
    const reply = await ask(who, 'query($search: String) { reports(search: $search) { id } }', { search: reportReference(intakeId) });
    if (access === 'none') return refused(reply, ['reports']);
    const ids = (reply.data!.reports as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(access === 'foreign' ? [] : [intakeId]);
  },
  'Query.unconfirmedReports': async (who, access) => {
    const reply = await ask(who, '{ unconfirmedReports { id } }');
    if (access === 'none') return refused(reply, ['unconfirmedReports']);
    answered(reply, ['unconfirmedReports']);
    // The intake probed here is a worker's own report: it never awaits confirmation.
    expect((reply.data!.unconfirmedReports as { id: string }[]).map((r) => r.id)).not.toContain(intakeId);
  },
  'Mutation.confirmPopulationChange': async (who, access) => {
    const reply = await ask(who, 'mutation($id: ID!) { confirmPopulationChange(intakeId: $id) { id } }', { id: intakeId });
    // Allowed: the report is looked at, and is a worker's own, which needs no confirmation.
    expect(reply.errors?.[0].extensions?.code).toBe(access === 'none' ? 'FORBIDDEN' : access === 'foreign' ? 'NOT_FOUND' : 'BAD_USER_INPUT');
  },
  'Mutation.rejectPopulationChange': async (who, access) => {
    const reply = await ask(who, 'mutation($id: ID!) { rejectPopulationChange(intakeId: $id, reason: "probe") { id } }', { id: intakeId });
    expect(reply.errors?.[0].extensions?.code).toBe(access === 'none' ? 'FORBIDDEN' : access === 'foreign' ? 'NOT_FOUND' : 'BAD_USER_INPUT');
  },
  'Mutation.withdrawPopulationChange': async (who, access) => {
    // Allowed: the reason is looked at (an empty one is refused, so the probed report stays); another community's report is not found.
    const reply = await ask(who, 'mutation($id: ID!, $reason: String!) { withdrawPopulationChange(intakeId: $id, reason: $reason) { id } }', { id: intakeId, reason: access === 'own' ? '' : 'probe' });
    expect(reply.errors?.[0].extensions?.code).toBe(access === 'none' ? 'FORBIDDEN' : access === 'foreign' ? 'NOT_FOUND' : 'BAD_USER_INPUT');
  },
  'Mutation.acknowledgeWithdrawal': async (who, access) => {
    const system = who === 'civil-affairs' ? 'SOCIAL_ASSISTANCE' : who === 'hrss' ? 'SOCIAL_INSURANCE' : who === 'health' ? 'HEALTH_PLATFORM' : 'COMMUNITY_REGISTRY';
    const reply = await ask(who, `mutation($id: ID!) { acknowledgeWithdrawal(intakeId: $id, system: ${system}) { id } }`, { id: intakeId });
    // Allowed: the report is looked at, and was never withdrawn.
    expect(reply.errors?.[0].extensions?.code).toBe(access === 'none' ? 'FORBIDDEN' : access === 'foreign' ? 'NOT_FOUND' : 'BAD_USER_INPUT');
    if (access === 'own' && who !== 'community') {
      const another = await ask(who, 'mutation($id: ID!) { acknowledgeWithdrawal(intakeId: $id, system: COMMUNITY_REGISTRY) { id } }', { id: intakeId });
      expect(another.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  },
  'Query.formsAcknowledgedUpTo': async (who, access) => {
    const reply = await ask(who, '{ formsAcknowledgedUpTo }');
    if (access === 'none') return refused(reply, ['formsAcknowledgedUpTo']);
    answered(reply, ['formsAcknowledgedUpTo']);
    if (who === 'supervision') expect(reply.data!.formsAcknowledgedUpTo).toBeNull();
  },
  'Mutation.acknowledgeForms': async (who, access) => {
    // A mark long past changes nothing another test reads; a community worker of another community marks their own.
    const reply = await ask(who, 'mutation { acknowledgeForms(upTo: "2020-01-01T00:00:00+08:00") }');
    if (access === 'none') return refused(reply, ['acknowledgeForms']);
    answered(reply, ['acknowledgeForms']);
    expect(reply.data!.acknowledgeForms).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  },
  'Mutation.markFormsHandled': async (who, access) => {
    // Marked "not handled": the check is who may mark which form, not the mark itself.
    const mark = (formIds: string[]) => ask(who, 'mutation($ids: [ID!]!) { markFormsHandled(formIds: $ids, handled: false) }', { ids: formIds });
    const forms = (await ask('supervision', `{ forms(period: ${THIS_MONTH}) { id department intakeId } }`)).data!.forms as { id: string; department: string; intakeId: string }[];
    const ofReport = forms.filter((f) => f.intakeId === intakeId);
    const own = ofReport.find((f) => f.department === (who === 'other-community' ? 'community' : who));
    const another = ofReport.find((f) => f.department !== (who === 'other-community' ? 'community' : who))!;
    if (access === 'none') return refused(await mark([another.id]), ['markFormsHandled']);
    expect((await mark([another.id])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reply = await mark([own!.id]);
    if (access === 'foreign') return expect(reply.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(reply.data?.markFormsHandled).toEqual([own!.id]);
  },
  'Query.deliveriesNeedingAttention': async (who, access) => {
    const reply = await ask(who, '{ deliveriesNeedingAttention { reason delivery { system } intake { id change { community } } } }');
    if (access === 'none') return refused(reply, ['deliveriesNeedingAttention']);
    answered(reply, ['deliveriesNeedingAttention']);
    // Whatever is listed is in the caller's scope (tests/needsAttention.test.ts makes failures to list).
    const items = reply.data!.deliveriesNeedingAttention as { delivery: { system: SystemName }; intake: { change: { community: string } } }[];
    const community = who === 'other-community' ? OTHER_COMMUNITY : A.community;
    if (who === 'community' || who === 'other-community') for (const item of items) expect(item.intake.change.community).toBe(community);
    else if (access === 'own') for (const item of items) expect(SYSTEMS[item.delivery.system].department).toBe(who);
  },
  'Mutation.retryDelivery': async (who, access) => {
    const system = who === 'civil-affairs' ? 'SOCIAL_ASSISTANCE' : who === 'hrss' ? 'SOCIAL_INSURANCE' : who === 'health' ? 'HEALTH_PLATFORM' : 'COMMUNITY_REGISTRY';
    const reply = await ask(who, `mutation($id: ID!) { retryDelivery(intakeId: $id, system: ${system}) { id } }`, { id: intakeId });
    // Allowed: the delivery is looked at, and is not one that failed.
    const expected = access === 'none' ? 'FORBIDDEN' : access === 'foreign' ? 'NOT_FOUND' : 'BAD_USER_INPUT';
    expect(reply.errors?.[0].extensions?.code).toBe(expected);
    if (access === 'own' && who !== 'community') {
      const another = await ask(who, 'mutation($id: ID!) { retryDelivery(intakeId: $id, system: COMMUNITY_REGISTRY) { id } }', { id: intakeId });
      expect(another.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  },
};

describe.each(Object.entries(ENTRY_PROBES))('%s', (field, probe) => {
  const row = MATRIX.find((r) => r.field === field)!;
  it.each(CALLER_ROLES.map((role) => [role, row.access[role]]))('as %s: %s', (role, access) => probe(role as CallerRole, access as Access));
  if (row.access.community === 'own') it("as a community worker of another community: only what is theirs", () => probe('other-community', 'foreign'));
});

/** The report of B's death as each role reads it: the change's details and the forms it produced. */
const REPORT_PROBES: Record<string, (reply: Reply, role: CallerRole, access: Access) => void> = {};
const CHANGE = { name: B.name, deathPlace: '新都区人民医院', deathCertificateNumber: 'D2026-4711', destination: null } as Record<string, unknown>;
for (const field of Object.keys(CHANGE)) {
  REPORT_PROBES[`PopulationChange.${field}`] = (reply, _role, access) => {
    const changes = valueAt(reply, ['populationChanges']) as { intakeId: string }[];
    expectCell(reply, ['populationChanges', changes.findIndex((c) => c.intakeId === intakeId), field], access === 'own' ? 'full' : access, CHANGE[field]);
  };
}
REPORT_PROBES['Form.fields'] = (reply, role, access) => {
  const forms = valueAt(reply, ['forms']) as { intakeId: string; department: string; fields: { name: string; value: string }[] | null }[];
  const ours = forms.map((f, i) => [f, i] as const).filter(([f]) => f.intakeId === intakeId);
  expect(ours.length).toBeGreaterThan(0);
  for (const [form, i] of ours) {
    expect(errorAt(reply, ['forms', i, 'fields'])).toBeUndefined();
    if (role !== 'supervision') expect(form.department).toBe(role);
    const value = (name: RegExp) => form.fields!.find((f) => name.test(f.name))?.value;
    expect(value(/^(departedI|i)dNumber$/)).toBe(access === 'masked' ? `${B.idNumber.slice(0, 6)}********${B.idNumber.slice(-4)}` : B.idNumber);
    // The birth date would give the masked digits back.
    if (access === 'masked' && value(/^birthDate$/)) expect(value(/^birthDate$/)).toBe(`${B.birthDate.slice(0, 4)}-**-**`);
  }
};

describe('what was reported: the change and its forms', () => {
  const replies = new Map<CallerRole, Reply>();
  beforeAll(async () => {
    for (const role of CALLER_ROLES) {
      replies.set(role, await ask(role, `{ populationChanges(period: ${THIS_MONTH}) { intakeId ${Object.keys(CHANGE).join(' ')} } forms(period: ${THIS_MONTH}) { intakeId department fields { name value } } }`));
    }
  });
  const cells = Object.keys(REPORT_PROBES).flatMap((field) => CALLER_ROLES.map((role) => [field, role, MATRIX.find((r) => r.field === field)!.access[role]] as [string, CallerRole, Access]));
  it.each(cells)('%s as %s: %s', (field, role, access) => {
    const reply = replies.get(role)!;
    // A role that may not list changes or forms never reaches these fields.
    const list = field.startsWith('Form.') ? 'forms' : 'populationChanges';
    if (valueAt(reply, [list]) === null) {
      expect(access).toBe('none');
      return refused(reply, [list]);
    }
    REPORT_PROBES[field](reply, role, access);
  });

  it("a department reads the fields of its own department's forms only, even through an intake", async () => {
    const reply = await ask('hrss', 'query($id: ID!) { intake(id: $id) { forms { department fields { name } } } }', { id: intakeId });
    const forms = (reply.data!.intake as { forms: { department: string; fields: unknown }[] }).forms;
    forms.forEach((form, i) => {
      if (form.department === 'hrss') expect(form.fields).not.toBeNull();
      else refused(reply, ['intake', 'forms', i, 'fields']);
    });
  });
});

describe('the declared purpose', () => {
  it('a read of personal data without X-Purpose: those fields null with FORBIDDEN naming the header, the rest stands', async () => {
    const reply = (await stack.query('query($id: ID!) { resident(idNumber: $id) { name vitalStatus { deceased } } communities { code } }', { id: A.idNumber }, tokens['civil-affairs'], { purpose: null })) as Reply;
    expect(reply.data?.communities).toHaveLength(COMMUNITIES.length);
    for (const field of ['name', 'vitalStatus']) {
      refused(reply, ['resident', field]);
      expect(errorAt(reply, ['resident', field])?.message).toMatch(/X-Purpose header/);
      expect(errorAt(reply, ['resident', field])?.message).not.toContain(A.name);
    }
  });

  it('a purpose longer than 200 characters is refused before anything runs', async () => {
    const before = await stack.totalSystemRequests();
    const reply = await stack.query('{ communities { code } }', undefined, tokens.health, { purpose: 'x'.repeat(201) });
    expect(reply.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await stack.totalSystemRequests()).toBe(before);
  });
});

describe('routes around the matrix', () => {
  it.each([
    ['_entities', '{ _entities(representations: [{ __typename: "Resident", idNumber: "X" }]) { ... on Resident { pension { status } } } }'],
    ['_service', '{ _service { sdl } }'],
    ['the join key', 'query($id: ID!) { resident(idNumber: $id) { joinKey } }'],
  ])('%s is not part of the gateway’s API: refused before any system is called', async (_name, query) => {
    const before = await stack.totalSystemRequests();
    const reply = await ask('civil-affairs', query, { id: A.idNumber });
    expect(reply.data ?? null).toBeNull();
    expect(reply.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await stack.totalSystemRequests()).toBe(before);
  });

  it('a refused field calls no system: civil affairs asking for the pension leaves social insurance untouched', async () => {
    const before = (await stack.stats('SOCIAL_INSURANCE')).total;
    const reply = await ask('civil-affairs', 'query($id: ID!) { resident(idNumber: $id) { a: pension { status } b: insured } }', { id: A.idNumber });
    refused(reply, ['resident', 'a']);
    refused(reply, ['resident', 'b']);
    expect((await stack.stats('SOCIAL_INSURANCE')).total).toBe(before);
  });

  it('supervision recognises anomalous residents by masked number and name, joined on the sealed key', async () => {
    const reply = await ask('supervision', '{ benefitAnomalies { resident { idNumber name } } }');
    const residents = (reply.data!.benefitAnomalies as { resident: { idNumber: string; name: string } }[]).map((a) => a.resident);
    expect(reply.errors).toBeUndefined();
    for (const r of residents) expect(r.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const planted = [...population().disagreements, ...plantedCancellations(population())];
    const named = new Set(planted.map((d) => population().residents.find((r: SeedResident) => r.idNumber === d.idNumber)!.name));
    expect(residents.every((r) => named.has(r.name))).toBe(true);
  });
});

// Keep the Resident selections in step with the matrix.
it('every Resident row has a selection', () => {
  expect(residentRows.map(fieldOf).filter((f) => !RESIDENT_SELECTIONS[f])).toEqual([]);
});
