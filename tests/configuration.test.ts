/**
 * Every service validates its environment at start-up: a bad value stops the process with a
 * readable message naming the variable and the rule, before anything listens.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { subgraphTimeoutMs } from '../gateway/app';
import { gatewayConfig } from '../gateway/config';
import { subgraphConfig } from '../platform/server/runSubgraph';
import { departmentConfig } from '../platform/department';
import { DEVELOPMENT_GATEWAY_SECRET } from '../platform/auth/secrets';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';

const ROOT = join(__dirname, '..');

function start(entry: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('configuration validated at start-up', () => {
  it.each([
    ['gateway/main.ts', { GATEWAY_PORT: 'eighty' }, 'GATEWAY_PORT'],
    ['gateway/main.ts', { NODE_ENV: 'production' }, 'JWT_SECRET'],
    ['subgraphs/hrss/main.ts', { SOCIAL_INSURANCE_URL: 'ftp://example' }, 'SOCIAL_INSURANCE_URL'],
    ['subgraphs/community/main.ts', { DELIVERY_MAX_ATTEMPTS: '0' }, 'DELIVERY_MAX_ATTEMPTS'],
    ['systems/social-assistance/main.ts', { SOCIAL_ASSISTANCE_PORT: '70000' }, 'SOCIAL_ASSISTANCE_PORT'],
  ])('%s with %j exits 1 naming %s', (entry, env, variable) => {
    const run = start(entry, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('could not start: Invalid configuration');
    expect(run.stderr).toContain(variable);
  });
});

describe('the internal secret in production', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-jwt-secret-of-enough-length' };

  it.each([
    ['the gateway', () => gatewayConfig(production)],
    ['a subgraph', () => subgraphConfig('hrss', ['SOCIAL_INSURANCE'], production)],
    // Reconciliation is served in the department shape too, with no systems of its own.
    ['reconciliation', () => departmentConfig({ name: 'reconciliation', systems: {} }, production)],
  ])('%s refuses to start with the development GATEWAY_SUBGRAPH_SECRET', (_name, load) => {
    expect(load).toThrow(/GATEWAY_SUBGRAPH_SECRET/);
  });

  it('starts with a secret of its own', () => {
    expect(gatewayConfig({ ...production, GATEWAY_SUBGRAPH_SECRET: 'our-own-internal-secret-of-enough-length' }).gatewaySecret).toBe('our-own-internal-secret-of-enough-length');
  });
});

describe('secrets accepted during a rotation (JWT_PREVIOUS_SECRETS, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS)', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'a-production-jwt-secret-of-enough-length', GATEWAY_SUBGRAPH_SECRET: 'our-own-internal-secret-of-enough-length' };
  const OLD_JWT = 'the-jwt-secret-before-the-rotation-00001';
  const OLD_INTERNAL = 'the-internal-secret-before-the-rotation-1';

  it('are read as comma-separated lists, none when unset or empty', () => {
    const rotating = gatewayConfig({ ...production, JWT_PREVIOUS_SECRETS: ` ${OLD_JWT} ,`, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: `${OLD_INTERNAL},${OLD_JWT}` });
    expect([rotating.jwtPreviousSecrets, rotating.gatewayPreviousSecrets]).toEqual([[OLD_JWT], [OLD_INTERNAL, OLD_JWT]]);
    expect(subgraphConfig('hrss', ['SOCIAL_INSURANCE'], { ...production, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: OLD_INTERNAL }).gatewayPreviousSecrets).toEqual([OLD_INTERNAL]);
    expect(gatewayConfig({ ...production, JWT_PREVIOUS_SECRETS: '' }).jwtPreviousSecrets).toEqual([]);
    expect(subgraphConfig('hrss', ['SOCIAL_INSURANCE'], production).gatewayPreviousSecrets).toEqual([]);
  });

  it.each([
    ['JWT_PREVIOUS_SECRETS', () => gatewayConfig({ JWT_PREVIOUS_SECRETS: `${OLD_JWT},too-short-secret` })],
    ['GATEWAY_SUBGRAPH_PREVIOUS_SECRETS', () => gatewayConfig({ GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: 'too-short-secret' })],
    ['GATEWAY_SUBGRAPH_PREVIOUS_SECRETS', () => subgraphConfig('hrss', ['SOCIAL_INSURANCE'], { GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: 'too-short-secret' })],
  ])('refuse a secret shorter than 32 characters in %s, naming the variable and not the secret', (variable, load) => {
    expect(load).toThrow(variable);
    expect(load).toThrow('shorter than 32 characters');
    expect(load).not.toThrow('too-short-secret');
  });

  it.each([
    ['the gateway', 'JWT_PREVIOUS_SECRETS', () => gatewayConfig({ ...production, JWT_PREVIOUS_SECRETS: `${OLD_JWT},${DEVELOPMENT_JWT_SECRET}` })],
    ['the gateway', 'GATEWAY_SUBGRAPH_PREVIOUS_SECRETS', () => gatewayConfig({ ...production, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: DEVELOPMENT_GATEWAY_SECRET })],
    ['a subgraph', 'GATEWAY_SUBGRAPH_PREVIOUS_SECRETS', () => subgraphConfig('hrss', ['SOCIAL_INSURANCE'], { ...production, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: DEVELOPMENT_GATEWAY_SECRET })],
    ['reconciliation', 'GATEWAY_SUBGRAPH_PREVIOUS_SECRETS', () => departmentConfig({ name: 'reconciliation', systems: {} }, { ...production, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: DEVELOPMENT_GATEWAY_SECRET })],
  ])('in production %s refuses the development secret in %s, naming it', (_service, variable, load) => {
    expect(load).toThrow(`development secret when NODE_ENV=production; a previous secret is accepted like the current one\n  → at ${variable}`);
  });

  it('outside production the development secrets may be previous ones (a laptop rotating to its own)', () => {
    expect(gatewayConfig({ JWT_PREVIOUS_SECRETS: DEVELOPMENT_JWT_SECRET }).jwtPreviousSecrets).toEqual([DEVELOPMENT_JWT_SECRET]);
  });
});

describe("the gateway's time budget per subgraph", () => {
  it('waits for reconciliation (a whole-district read) longer than for a department, each settable', () => {
    const defaults = gatewayConfig({});
    expect(subgraphTimeoutMs(defaults, 'hrss')).toBe(10_000);
    expect(subgraphTimeoutMs(defaults, 'reconciliation')).toBe(35_000);
    const set = gatewayConfig({ SUBGRAPH_TIMEOUT_MS: '8000', RECONCILIATION_SUBGRAPH_TIMEOUT_MS: '60000' });
    expect([subgraphTimeoutMs(set, 'community'), subgraphTimeoutMs(set, 'reconciliation')]).toEqual([8000, 60_000]);
  });
});
