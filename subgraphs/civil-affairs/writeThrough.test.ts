import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteIntakeStore, type IntakeStore, type IntakeView } from '../../platform/intake';
import type { RunningServer } from '../../platform/server/listen';
import { departmentConfig, serveDepartment } from '../../platform/department';
import { elderlyDisabilitySubsidyStandIn } from '../../systems/elderly-disability-subsidy/standIn';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { socialAssistanceStandIn } from '../../systems/social-assistance/standIn';
import { intakeOf, residentsWhere } from '../../tests/support/deliveryIntakes';
import { civilAffairsDepartment } from './subgraph';

describe('civil-affairs subgraph: write-through of population changes', () => {
  let dir: string;
  let store: IntakeStore;
  let sa: StartedStandIn;
  let soap: StartedStandIn;
  let subgraph: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'civil-affairs-'));
    store = createSqliteIntakeStore(join(dir, 'intake.sqlite'));
    [sa, soap] = await Promise.all([startStandIn(socialAssistanceStandIn), startStandIn(elderlyDisabilitySubsidyStandIn)]);
    const env = { SOCIAL_ASSISTANCE_URL: sa.url, ELDERLY_DISABILITY_SUBSIDY_URL: soap.url, DATA_DIR: dir, DELIVERY_POLL_MS: '20' };
    subgraph = await serveDepartment(civilAffairsDepartment, departmentConfig(civilAffairsDepartment, env), { port: 0 });
  });
  afterAll(async () => {
    await subgraph?.close();
    await store?.close();
    await Promise.all([sa?.close(), soap?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  async function settled(intakeId: string, systems: string[]): Promise<IntakeView> {
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
      const view = (await store.getIntake(intakeId))!;
      if (view.deliveries.filter((d) => systems.includes(d.system)).every((d) => d.status !== 'PENDING')) return view;
    }
    throw new Error(`deliveries of ${systems.join(', ')} did not settle within 5 s`);
  }

  it("one worker claims both systems' deliveries, writes each once and records the forms; other departments' stay PENDING", async () => {
    const person = residentsWhere((r) => r.socialAssistance.specialHardship?.status === 'ACTIVE' && r.elderlyDisability.elderlySubsidy?.status === 'ACTIVE')[0];
    const created = await store.createIntake('report-wt-1', {
      change: intakeOf(person, 'DEATH', 'unused').change,
      inputHash: 'hash-wt-1',
      reportedBy: 'community-worker-7',
      systems: ['COMMUNITY_REGISTRY', 'SOCIAL_ASSISTANCE', 'ELDERLY_DISABILITY_SUBSIDY'],
    });
    if (created.outcome !== 'created') throw new Error('expected a new intake');
    const intakeId = created.intake.id;

    const view = await settled(intakeId, ['SOCIAL_ASSISTANCE', 'ELDERLY_DISABILITY_SUBSIDY']);
    expect(Object.fromEntries(view.deliveries.map((d) => [d.system, d.status]))).toEqual({
      COMMUNITY_REGISTRY: 'PENDING',
      SOCIAL_ASSISTANCE: 'DELIVERED',
      ELDERLY_DISABILITY_SUBSIDY: 'DELIVERED',
    });
    expect(view.forms.map((f) => f.type).sort()).toEqual(['ELDERLY_SUBSIDY_REDUCTION', 'SPECIAL_HARDSHIP_TERMINATION']);
    expect(view.forms.every((f) => f.department === 'civil-affairs' && f.intakeId === intakeId)).toBe(true);
    const count = (system: StartedStandIn, sql: string) => (system.ctx.db.prepare(sql).get(intakeId) as { n: number }).n;
    expect(count(sa, 'SELECT COUNT(*) AS n FROM terminations WHERE reference = ?')).toBe(1);
    expect(count(soap, 'SELECT COUNT(*) AS n FROM stop_log WHERE reference = ?')).toBe(1);
  });
});
