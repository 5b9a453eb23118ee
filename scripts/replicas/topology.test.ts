/** npm start --replicas: how many, where each replica listens, and how it reaches the others. */
import { replicaCount } from './config';
import { defaultReplicaPort, REPLICATED, replicaPlan, replicaSpecs } from './topology';

describe('the replica count', () => {
  it('is 1 unless asked; --replicas wins over REPLICAS', () => {
    expect(replicaCount([], {})).toBe(1);
    expect(replicaCount([], { REPLICAS: '2', REDIS_URL: 'redis://r:6379' })).toBe(2);
    expect(replicaCount(['--replicas', '3'], { REPLICAS: '2', REDIS_URL: 'redis://r:6379' })).toBe(3);
  });

  it('refuses more than one replica without REDIS_URL, naming it', () => {
    expect(() => replicaCount(['--replicas', '2'], {})).toThrow(/REDIS_URL[\s\S]*more than one replica needs REDIS_URL|more than one replica needs REDIS_URL[\s\S]*REDIS_URL/);
  });

  it('refuses a count out of range, naming REPLICAS', () => {
    expect(() => replicaCount(['--replicas', '0'], {})).toThrow(/REPLICAS/);
    expect(() => replicaCount(['--replicas', 'two'], {})).toThrow(/REPLICAS/);
  });
});

describe('the replicated topology', () => {
  const plan = replicaPlan(2, (e) => e.port, defaultReplicaPort);

  it('replicates the gateway and every subgraph, not the systems', () => {
    expect(plan.map((s) => s.entry.name).sort()).toEqual(REPLICATED.map((s) => s.name).sort());
    expect(plan.every((s) => s.entry.kind !== 'system')).toBe(true);
    expect(plan.find((s) => s.entry.name === 'hrss')).toMatchObject({ publicPort: 4003, replicaPorts: [14003, 24003] });
  });

  it('refuses a public port that leaves no room for a replica port, naming its variable', () => {
    expect(() => replicaPlan(2, (e) => (e.name === 'hrss' ? 50_000 : e.port), defaultReplicaPort)).toThrow(/HRSS_PORT=50000 leaves no room for replica 2 .*below 45536/);
  });

  it('gives each replica its own port and the balancers\u2019 addresses for every other service', () => {
    const specs = replicaSpecs(plan, { REDIS_URL: 'redis://r:6379' }, (e) => [e.entry], '/app');
    expect(specs).toHaveLength(2 * REPLICATED.length);
    const gateway2 = specs.find((s) => s.label === 'gateway#2')!;
    expect(gateway2.env).toMatchObject({ GATEWAY_PORT: '24000', HRSS_URL: 'http://127.0.0.1:4003', REDIS_URL: 'redis://r:6379' });
    expect(gateway2.args).toEqual(['gateway/main.ts']);
    // Reconciliation reads the graph through the gateway's balancer, not one gateway replica.
    expect(specs.find((s) => s.label === 'reconciliation#1')!.env).toMatchObject({ RECONCILIATION_PORT: '14005', GATEWAY_URL: 'http://127.0.0.1:4000' });
  });
});
