import { auditArchiveSettings, auditLogEnabled } from './config';
import { entry } from '../../tests/support/auditStoreContract';
import { createAuditStore } from './createAuditStore';
import { withAudit } from './withAudit';
import type { RequestContext, SubgraphDefinition } from '../server/subgraph';

const SECRET = 'a-secret-of-our-own-at-least-32-characters';

describe('audit settings', () => {
  it('defaults to on, 400 days of retention, a key from the gateway/subgraph secret', () => {
    expect(auditLogEnabled({})).toBe(true);
    const settings = auditArchiveSettings({});
    expect(settings.retentionDays).toBe(400);
    expect(settings.archiveKey).toHaveLength(32);
  });

  it('takes AUDIT_LOG=off outside production', () => {
    expect(auditLogEnabled({ AUDIT_LOG: 'off' })).toBe(false);
  });

  it('refuses AUDIT_LOG=off in production with INVALID_CONFIGURATION naming the setting', () => {
    const refused = () => auditLogEnabled({ NODE_ENV: 'production', AUDIT_LOG: 'off' });
    expect(refused).toThrow(expect.objectContaining({ code: 'INVALID_CONFIGURATION' }));
    expect(refused).toThrow(/must be on when NODE_ENV=production[\s\S]*at AUDIT_LOG/);
  });

  it('refuses a bad AUDIT_LOG, AUDIT_RETENTION_DAYS or AUDIT_SECRET, naming each', () => {
    expect(() => auditLogEnabled({ AUDIT_LOG: 'maybe' })).toThrow(/AUDIT_LOG/);
    expect(() => auditArchiveSettings({ AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(() => auditArchiveSettings({ AUDIT_SECRET: 'short' })).toThrow(/at least 32 characters[\s\S]*at AUDIT_SECRET/);
  });

  it('in production signs archives with AUDIT_SECRET, or refuses the public development secret', () => {
    expect(() => auditArchiveSettings({ NODE_ENV: 'production' })).toThrow(/must be set to a secret of your own[\s\S]*at GATEWAY_SUBGRAPH_SECRET/);
    expect(auditArchiveSettings({ NODE_ENV: 'production', AUDIT_SECRET: SECRET }).archiveKey).not.toEqual(auditArchiveSettings({}).archiveKey);
    expect(auditArchiveSettings({ AUDIT_SECRET: SECRET }).archiveKey).toEqual(auditArchiveSettings({ GATEWAY_SUBGRAPH_SECRET: SECRET }).archiveKey);
  });
});

const definition: SubgraphDefinition<RequestContext> = { name: 'civil-affairs', resolvers: {}, context: (base) => base };

describe('AUDIT_LOG=off', () => {
  it('gives a store that records nothing, and withAudit then adds no audit plugin', async () => {
    const store = createAuditStore({ dataDir: '/nonexistent/never-created' }, { AUDIT_LOG: 'off' });
    expect(store.off).toBe(true);
    expect(await store.append([entry()])).toEqual([]);
    const def = withAudit({ ...definition, plugins: [] }, store);
    expect(def.plugins).toEqual([]);
    const audited = withAudit({ ...definition, plugins: [] }, { ...store, off: undefined });
    expect(audited.plugins).toHaveLength(1);
  });

  it('is refused when the platform runs in production', () => {
    expect(() => createAuditStore({ dataDir: 'data' }, { NODE_ENV: 'production', AUDIT_LOG: 'off' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIGURATION' }));
  });
});
