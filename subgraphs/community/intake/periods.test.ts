/**
 * populationChanges and forms for each period preset around a quarter and a year boundary,
 * resolved in Asia/Shanghai time against a fixed clock, over a real SQLite intake store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteIntakeStore } from '../../../platform/intake';
import { newReport, REGISTRY_FORMS, claimOne } from '../../../tests/support/intakeFixtures';
import type { IntakeStore } from '../../../platform/intake/types';
import { createLogger } from '../../../platform/logger';
import type { Role } from '../../../platform/auth/caller';
import { intakeResolvers, type IntakeContext } from './resolvers';

const DATES = ['2026-06-30', '2026-07-01', '2026-09-30', '2026-10-01', '2026-11-15', '2026-12-31', '2027-01-01'];

describe('population changes and forms by period', () => {
  let dir: string;
  let store: IntakeStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'periods-'));
    store = createSqliteIntakeStore(join(dir, 'intake.sqlite'));
    for (const effectiveDate of DATES) {
      const { key, input } = newReport({ effectiveDate, systems: ['COMMUNITY_REGISTRY'] });
      await store.createIntake(key, input);
      await store.completeDelivery(await claimOne(store, 'COMMUNITY_REGISTRY', 'test'), 'DELIVERED', REGISTRY_FORMS);
    }
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const context = (nowIso: string, role: Role = 'community', community?: string) =>
    ({ caller: { subject: 't', role, community }, intakes: { store, waitMs: 0, now: () => new Date(nowIso) }, logger: createLogger('test', 'silent'), requestId: 'r' }) as unknown as IntakeContext;
  const Query = intakeResolvers.Query as Record<string, (root: unknown, args: unknown, ctx: IntakeContext) => Promise<{ effectiveDate: string; type?: string }[]>>;
  const changes = async (preset: string, nowIso: string) => (await Query.populationChanges(null, { period: { preset } }, context(nowIso, 'supervision'))).map((c) => c.effectiveDate);

  it.each([
    // 2026-09-30 16:30 UTC is already 1 October in Shanghai: the new quarter.
    ['THIS_QUARTER', '2026-09-30T16:30:00Z', ['2026-10-01', '2026-11-15', '2026-12-31']],
    ['LAST_QUARTER', '2026-09-30T16:30:00Z', ['2026-07-01', '2026-09-30']],
    ['THIS_QUARTER', '2026-09-30T15:30:00Z', ['2026-07-01', '2026-09-30']],
    ['THIS_MONTH', '2026-12-31T15:59:00Z', ['2026-12-31']],
    ['YEAR_TO_DATE', '2026-12-31T16:01:00Z', ['2027-01-01']],
    ['LAST_QUARTER', '2027-01-02T04:00:00Z', ['2026-10-01', '2026-11-15', '2026-12-31']],
    ['LAST_MONTH', '2027-01-02T04:00:00Z', ['2026-12-31']],
    ['YEAR_TO_DATE', '2026-11-28T04:00:00Z', ['2026-06-30', '2026-07-01', '2026-09-30', '2026-10-01', '2026-11-15']],
  ])('%s at %s', async (preset, now, expected) => {
    expect(await changes(preset, now)).toEqual(expected);
  });

  it('explicit dates are inclusive at both ends', async () => {
    const got = await Query.populationChanges(null, { period: { from: '2026-09-30', to: '2026-12-31' } }, context('2027-03-01T00:00:00Z', 'supervision'));
    expect(got.map((c) => c.effectiveDate)).toEqual(['2026-09-30', '2026-10-01', '2026-11-15', '2026-12-31']);
  });

  it("forms are the caller's department's only, by the change's effective date and type", async () => {
    const community = await Query.forms(null, { period: { preset: 'LAST_QUARTER' }, type: 'HOUSING_OCCUPANCY_UPDATE' }, context('2027-01-02T04:00:00Z', 'community', '110101001001'));
    expect(community.map((f) => [f.effectiveDate, f.type])).toEqual([
      ['2026-10-01', 'HOUSING_OCCUPANCY_UPDATE'],
      ['2026-11-15', 'HOUSING_OCCUPANCY_UPDATE'],
      ['2026-12-31', 'HOUSING_OCCUPANCY_UPDATE'],
    ]);
    expect(await Query.forms(null, { period: { preset: 'LAST_QUARTER' } }, context('2027-01-02T04:00:00Z', 'health'))).toEqual([]);
  });

  it('a community worker sees only their own community’s changes', async () => {
    expect(await Query.populationChanges(null, { period: { preset: 'YEAR_TO_DATE' } }, context('2026-11-28T04:00:00Z', 'community', '110101009009'))).toEqual([]);
  });

  it('a bad period is BAD_USER_INPUT naming the field and rule', async () => {
    await expect(Query.forms(null, { period: { from: '2026-12-01', to: '2026-01-01' } }, context('2026-11-28T04:00:00Z', 'health'))).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: ['period', 'to'], rule: 'order' })] },
    });
  });
});
