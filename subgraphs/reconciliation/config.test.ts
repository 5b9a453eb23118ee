import { reconciliationSettings } from './config';

describe("reconciliation's settings", () => {
  it('read candidates 100 at a time, 3 batches at once, within 30 s by default', () => {
    expect(reconciliationSettings({})).toEqual({ gatewayUrl: 'http://127.0.0.1:4000', timeoutMs: 30_000, batchSize: 100, batchesInFlight: 3 });
    expect(reconciliationSettings({ RECONCILIATION_BATCH_SIZE: '250', RECONCILIATION_BATCHES_IN_FLIGHT: '1' })).toMatchObject({ batchSize: 250, batchesInFlight: 1 });
  });

  it.each([
    ['RECONCILIATION_BATCH_SIZE', '0', '>=1'],
    ['RECONCILIATION_BATCH_SIZE', '1001', '<=1000'],
    ['RECONCILIATION_BATCH_SIZE', '2.5', 'expected int'],
    ['RECONCILIATION_BATCHES_IN_FLIGHT', '0', '>=1'],
    ['RECONCILIATION_BATCHES_IN_FLIGHT', '17', '<=16'],
    ['RECONCILIATION_BATCHES_IN_FLIGHT', 'many', 'expected number'],
  ])('refuses %s=%s, naming the setting and the rule (%s)', (name, value, rule) => {
    expect(() => reconciliationSettings({ [name]: value })).toThrow(new RegExp(`${rule}.*\\n.*→ at ${name}$`));
  });
});
