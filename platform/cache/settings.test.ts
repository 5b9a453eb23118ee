/** SYSTEM_CACHE, SYSTEM_CACHE_TTL_MS, SYSTEM_CACHE_MAX_ENTRIES, SYSTEM_CACHE_MAX_MB and SYSTEM_CALLS: defaults, and bad values named with their rule. */
import { ConfigError, systemReadConfig } from '../config';
import { departmentConfig } from '../department';

const messageOf = (env: NodeJS.ProcessEnv) => {
  try {
    systemReadConfig(env);
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
};

describe('the system-read settings', () => {
  it('default to the cache on for 30 s over 50000 records in 32 MB, and pooled calls', () => {
    expect(systemReadConfig({})).toEqual({ cache: { enabled: true, ttlMs: 30_000, maxEntries: 50_000, maxBytes: 32 * 2 ** 20 }, calls: 'pooled' });
  });

  it('refuse a memory budget the capped heap cannot hold, naming the setting and the rule', () => {
    const message = messageOf({ SYSTEM_CACHE_MAX_MB: '512' });
    expect(message).toContain('→ at SYSTEM_CACHE_MAX_MB');
    expect(message).toContain('at most 64 MB');
  });

  it('turn the cache off and the pool off with one setting each', () => {
    expect(systemReadConfig({ SYSTEM_CACHE: 'off', SYSTEM_CALLS: 'plain' })).toMatchObject({ cache: { enabled: false }, calls: 'plain' });
  });

  it('refuse a time to live above 5 minutes, naming the setting and the rule', () => {
    const message = messageOf({ SYSTEM_CACHE_TTL_MS: '600000' });
    expect(message).toContain('→ at SYSTEM_CACHE_TTL_MS');
    expect(message).toContain('at most 300000 ms');
  });

  it('refuse an unknown switch value, naming the setting', () => {
    expect(messageOf({ SYSTEM_CACHE: 'yes', SYSTEM_CALLS: 'fast' })).toMatch(/must be on or off\s+→ at SYSTEM_CACHE\s[\s\S]*must be pooled or plain\s+→ at SYSTEM_CALLS/);
  });

  it('reach a department through its config', () => {
    const config = departmentConfig({ name: 'hrss', systems: { SOCIAL_INSURANCE: {} } }, { SYSTEM_CACHE_TTL_MS: '1000' });
    expect(config.systemReads?.cache.ttlMs).toBe(1000);
  });
});
