import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withRedis } from '../../tests/support/environment';
import { startPrivateRedis, type PrivateRedis } from '../../tests/support/privateRedis';
import { closeLogFiles, createLogger } from '../logger';
import { checkRedisPersistence, persistenceFindings, RedisPersistenceError } from './redisPersistence';

describe('what a Redis must change so that no acknowledged intake is lost', () => {
  it('names appendonly for a server with RDB snapshots only or no persistence at all', () => {
    expect(persistenceFindings({ appendonly: 'no', appendfsync: 'everysec', save: '3600 1', maxmemoryPolicy: 'noeviction' })).toEqual([
      { setting: 'appendonly', value: 'no (RDB snapshots only: save "3600 1")', fix: 'appendonly yes', losesIntakes: true },
    ]);
    expect(persistenceFindings({ appendonly: 'no', save: '', maxmemoryPolicy: 'noeviction' })).toEqual([{ setting: 'appendonly', value: 'no', fix: 'appendonly yes', losesIntakes: true }]);
  });

  it('counts appendfsync everysec as a window worth a warning, appendfsync no as a loss', () => {
    expect(persistenceFindings({ appendonly: 'yes', appendfsync: 'everysec', maxmemoryPolicy: 'noeviction' })).toEqual([
      { setting: 'appendfsync', value: 'everysec', fix: 'appendfsync always', losesIntakes: false },
    ]);
    expect(persistenceFindings({ appendonly: 'yes', appendfsync: 'no', maxmemoryPolicy: 'noeviction' })[0]).toMatchObject({ setting: 'appendfsync', losesIntakes: true });
  });

  it('names maxmemory-policy for any eviction policy', () => {
    expect(persistenceFindings({ appendonly: 'yes', appendfsync: 'always', maxmemoryPolicy: 'allkeys-lru' })).toEqual([
      { setting: 'maxmemory-policy', value: 'allkeys-lru', fix: 'maxmemory-policy noeviction', losesIntakes: true },
    ]);
    expect(persistenceFindings({ appendonly: 'yes', appendfsync: 'always', maxmemoryPolicy: 'noeviction' })).toEqual([]);
  });
});

describe('the Redis persistence check at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-persistence-'));
  let logFile: string;
  let n = 0;
  beforeEach(() => {
    logFile = join(dir, `${++n}.log`);
  });
  afterEach(closeLogFiles);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const logger = () => createLogger('persistence-test', { level: 'silent', file: { path: logFile, level: 'warn' } });
  const warnings = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; findings?: string[] }) : []);

  withRedis('against the shared Redis (appendonly no)', (REDIS_URL) => {
    it('refuses to start in production, naming appendonly and the value to set', async () => {
      const refused = checkRedisPersistence(REDIS_URL, { production: true, logger: logger() });
      await expect(refused).rejects.toThrow(RedisPersistenceError);
      await expect(refused).rejects.toMatchObject({ code: 'REDIS_NOT_DURABLE', message: expect.stringMatching(/appendonly is "no.*": set "appendonly yes"/) });
    });

    it('starts in development with one warning per process, however many services check', async () => {
      const log = logger();
      await checkRedisPersistence(REDIS_URL, { production: false, logger: log });
      await checkRedisPersistence(REDIS_URL, { production: false, logger: log });
      expect(warnings()).toEqual([expect.objectContaining({ level: 'warn', msg: 'Redis would lose acknowledged intakes (refused in production)', findings: [expect.stringMatching(/^appendonly is "no/)] })]);
    });
  });

  describe('against private servers', () => {
    const servers: PrivateRedis[] = [];
    const privateRedis = async (args: string[] = []) => {
      const server = await startPrivateRedis(args);
      servers.push(server);
      return server.url;
    };
    afterAll(() => Promise.all(servers.map((s) => s.close())));

    it('starts in production, silently, on appendonly yes, appendfsync always and noeviction', async () => {
      await checkRedisPersistence(await privateRedis(), { production: true, logger: logger() });
      expect(warnings()).toEqual([]);
    });

    it('starts in production on appendfsync everysec, warning of the second that can be lost', async () => {
      await checkRedisPersistence(await privateRedis(['--appendfsync', 'everysec']), { production: true, logger: logger() });
      expect(warnings()).toEqual([expect.objectContaining({ msg: 'Redis may lose up to a second of acknowledged intakes on a crash', findings: ['appendfsync is "everysec": set "appendfsync always"'] })]);
    });

    it('reads INFO when CONFIG is disabled, and refuses an eviction policy in production', async () => {
      const url = await privateRedis(['--rename-command', 'CONFIG', '', '--maxmemory-policy', 'allkeys-lru']);
      await expect(checkRedisPersistence(url, { production: true, logger: logger() })).rejects.toMatchObject({
        code: 'REDIS_NOT_DURABLE',
        message: expect.stringContaining('maxmemory-policy is "allkeys-lru": set "maxmemory-policy noeviction"'),
      });
    });
  });
});
