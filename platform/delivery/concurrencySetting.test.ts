/** DELIVERY_CONCURRENCY: read once with the subgraph's settings, a bad value refused naming the setting and its rule. */
import { subgraphConfig } from '../server/runSubgraph';

const load = (env: NodeJS.ProcessEnv) => subgraphConfig('health', ['HEALTH_PLATFORM'], { NODE_ENV: 'test', ...env });

describe('DELIVERY_CONCURRENCY', () => {
  it('gives each system’s lane 10 deliveries at once unless set', () => {
    expect(load({}).delivery.concurrency).toBe(10);
    expect(load({ DELIVERY_CONCURRENCY: '25' }).delivery.concurrency).toBe(25);
  });

  it.each([
    ['0', />=1/],
    ['2.5', /int/i],
    ['1000', /<=256/],
  ])('refuses %s, naming the setting and the rule', (value, rule) => {
    expect(() => load({ DELIVERY_CONCURRENCY: value })).toThrow(/DELIVERY_CONCURRENCY/);
    expect(() => load({ DELIVERY_CONCURRENCY: value })).toThrow(rule);
  });
});
