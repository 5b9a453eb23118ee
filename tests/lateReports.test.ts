/**
 * Late reports are not lost in past periods (issue 9, item 6), over real HTTP through the gateway:
 *   - a department's download records what it has seen; a report filed afterwards about last
 *     month is new in last month's period, and listed this month by the date it was reported;
 *   - acknowledging up to the newest form shown clears "new", and a form made later stays new;
 *   - a department marks its own forms handled, never another department's;
 *   - a community worker lists their own community only (another: FORBIDDEN); bad arguments are
 *     BAD_USER_INPUT naming the field and rule; supervision reads the marks and never sets them.
 */
import { COMMUNITIES } from '../systems/seed/communities';
import { consistentResidents } from '../systems/seed/population';
import { shanghaiToday } from '../domain/period';
import { deathOf, report } from './support/reports';
import { startStack, type Stack } from './support/stack';

interface Listed {
  id: string;
  intakeId: string;
  department: string;
  effectiveDate: string;
  createdAt: string;
  isNew: boolean;
  handledAt: string | null;
  handledBy: string | null;
}

const FIELDS = 'id intakeId department effectiveDate createdAt isNew handledAt handledBy';

/** The 15th of last month (Asia/Shanghai): a death a late report is about. */
function midLastMonth(): string {
  const [y, m] = shanghaiToday().split('-').map(Number);
  return m === 1 ? `${y - 1}-12-15` : `${y}-${String(m - 1).padStart(2, '0')}-15`;
}

describe('late reports on the desk', () => {
  let stack: Stack;
  // Two residents drawing a subsistence allowance, so each death makes a civil-affairs form.
  const [early, late] = consistentResidents().filter((r) => r.socialAssistance.subsistenceAllowance && !r.health.deceased);
  const other = COMMUNITIES.find((c) => c.code !== early.community && c.code !== late.community)!.code;
  let civil: string;
  let lateIntake: string;

  const forms = async (token: string, args: string) => {
    const reply = await stack.query<{ forms: Listed[] }>(`{ forms(${args}) { ${FIELDS} } }`, undefined, token);
    expect(reply.errors).toBeUndefined();
    return reply.data!.forms;
  };
  const reportDeath = async (person: typeof early) => {
    const reply = await report(stack, deathOf(person, { effectiveDate: midLastMonth() }));
    expect(reply.data?.reportPopulationChange.status).toBe('COMPLETE');
    return reply.data!.reportPopulationChange.id;
  };

  beforeAll(async () => {
    stack = await startStack();
    civil = await stack.token('civil-affairs');
    await reportDeath(early);
  }, 60_000);
  afterAll(() => stack?.close());

  it('a report filed after the download of last month is new there, and listed this month by the date reported', async () => {
    const download = await fetch(`${stack.gatewayUrl}/exports/forms.csv?preset=LAST_MONTH`, { headers: { authorization: `Bearer ${civil}`, 'x-purpose': 'monthly form returns' } });
    expect(download.status).toBe(200);
    const before = await forms(civil, 'period: { preset: LAST_MONTH }');
    expect(before.length).toBeGreaterThan(0);
    // The download recorded the newest form it held: nothing in it is new any more.
    expect(download.headers.get('x-forms-acknowledged')).toBe(before.map((f) => f.createdAt).sort().at(-1));
    expect(before.every((f) => !f.isNew)).toBe(true);

    lateIntake = await reportDeath(late);
    const lastMonth = await forms(civil, 'period: { preset: LAST_MONTH }');
    const lateForms = lastMonth.filter((f) => f.intakeId === lateIntake);
    expect(lateForms.length).toBeGreaterThan(0);
    expect(lateForms.every((f) => f.isNew && f.department === 'civil-affairs' && f.effectiveDate === midLastMonth())).toBe(true);
    expect(lastMonth.filter((f) => f.intakeId !== lateIntake).every((f) => !f.isNew)).toBe(true);

    // By the date reported it is this month's, with the same mark; by effective date this month has none of it.
    const reported = await forms(civil, 'period: { preset: THIS_MONTH }, by: REPORTED');
    expect(reported.filter((f) => f.intakeId === lateIntake)).toEqual(lateForms);
    expect((await forms(civil, 'period: { preset: THIS_MONTH }')).filter((f) => f.intakeId === lateIntake)).toEqual([]);
  });

  it('acknowledging up to the newest form shown clears new; another department’s mark is its own', async () => {
    const shown = await forms(civil, 'period: { preset: LAST_MONTH }');
    const upTo = shown.map((f) => f.createdAt).sort().at(-1)!;
    const health = await stack.token('health');
    const healthBefore = await forms(health, 'period: { preset: LAST_MONTH }');
    const ack = await stack.query<{ acknowledgeForms: string }>('mutation($upTo: String!) { acknowledgeForms(upTo: $upTo) }', { upTo }, civil);
    expect(ack.data?.acknowledgeForms).toBe(upTo);
    expect((await forms(civil, 'period: { preset: LAST_MONTH }')).some((f) => f.isNew)).toBe(false);
    // Health never downloaded nor acknowledged: its forms of the late report are still new.
    expect(healthBefore.some((f) => f.intakeId === lateIntake && f.isNew)).toBe(true);
    expect(await forms(health, 'period: { preset: LAST_MONTH }')).toEqual(healthBefore);
    // An older mark does not take "new" back.
    const older = await stack.query<{ acknowledgeForms: string }>('mutation { acknowledgeForms(upTo: "2020-01-01T08:00:00+08:00") }', undefined, civil);
    expect(older.data?.acknowledgeForms).toBe(upTo);
  });

  it('a department marks its own forms handled, never another department’s', async () => {
    const supervisionView = await forms(await stack.token('supervision'), 'period: { preset: LAST_MONTH }');
    const civilForm = supervisionView.find((f) => f.intakeId === lateIntake && f.department === 'civil-affairs')!;
    const mark = (token: string, ids: string[], handled = true) => stack.query<{ markFormsHandled: string[] }>('mutation($ids: [ID!]!, $h: Boolean!) { markFormsHandled(formIds: $ids, handled: $h) }', { ids, h: handled }, token);

    const byHealth = await mark(await stack.token('health'), [civilForm.id]);
    expect(byHealth.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(byHealth.errors?.[0].message).toContain('its own forms');
    expect((await mark(await stack.token('supervision'), [civilForm.id])).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await forms(civil, 'period: { preset: LAST_MONTH }')).find((f) => f.id === civilForm.id)?.handledAt).toBeNull();

    expect((await mark(civil, [civilForm.id])).data?.markFormsHandled).toEqual([civilForm.id]);
    const handled = (await forms(civil, 'period: { preset: LAST_MONTH }')).find((f) => f.id === civilForm.id)!;
    expect(handled.handledAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(handled.handledBy).toBeTruthy();
    await mark(civil, [civilForm.id], false);
    expect((await forms(civil, 'period: { preset: LAST_MONTH }')).find((f) => f.id === civilForm.id)?.handledAt).toBeNull();

    const unknown = await mark(civil, [`${lateIntake.slice(0, -1)}${lateIntake.endsWith('A') ? 'B' : 'A'}:SUBSISTENCE_ALLOWANCE_CANCELLATION`]);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('filters by community: a community worker their own only, supervision any', async () => {
    const worker = await stack.token('community', early.community);
    const own = await forms(worker, `period: { preset: LAST_MONTH }, community: "${early.community}"`);
    expect(own.length).toBeGreaterThan(0);
    const refused = await stack.query(`{ forms(period: { preset: LAST_MONTH }, community: "${other}") { id } }`, undefined, worker);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('own community');

    // Supervision: each community's list holds that community's reports' forms and no other's.
    const supervision = await stack.token('supervision');
    const all = await forms(supervision, 'period: { preset: LAST_MONTH }');
    const ofLate = await forms(supervision, `period: { preset: LAST_MONTH }, community: "${late.community}"`);
    const ofOther = await forms(supervision, `period: { preset: LAST_MONTH }, community: "${other}"`);
    expect(ofLate.some((f) => f.intakeId === lateIntake)).toBe(true);
    expect(ofOther.some((f) => f.intakeId === lateIntake)).toBe(false);
    expect(ofOther.length + ofLate.length).toBeLessThanOrEqual(all.length);
    const changes = await stack.query<{ populationChanges: { intakeId: string; community: string }[] }>('{ populationChanges(period: { preset: LAST_MONTH }) { intakeId community } }', undefined, supervision);
    const communityOf = new Map(changes.data!.populationChanges.map((c) => [c.intakeId, c.community]));
    expect(ofOther.every((f) => communityOf.get(f.intakeId) === other)).toBe(true);
  });

  it('refuses bad arguments naming the field and rule, and supervision’s acknowledgement', async () => {
    const bad = await stack.query('{ forms(period: { preset: LAST_MONTH }, community: "12345") { id } }', undefined, civil);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['community'], rule: 'format' })] });
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const ahead = await stack.query('mutation($upTo: String!) { acknowledgeForms(upTo: $upTo) }', { upTo: future }, civil);
    expect(ahead.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['upTo'], rule: 'notFuture' })] });
    const notTime = await stack.query('mutation { acknowledgeForms(upTo: "yesterday") }', undefined, civil);
    expect(notTime.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['upTo'], rule: 'format' })] });
    const none = await stack.query('mutation($ids: [ID!]!) { markFormsHandled(formIds: $ids, handled: true) }', { ids: [] }, civil);
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['formIds'], rule: 'required' })] });
    const bySupervision = await stack.query('mutation { acknowledgeForms(upTo: "2026-01-01T00:00:00Z") }', undefined, await stack.token('supervision'));
    expect(bySupervision.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
