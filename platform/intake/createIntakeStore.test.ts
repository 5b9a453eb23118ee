import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIntakeStore, intakeStoreMode } from './index';

describe('createIntakeStore', () => {
  it('selects Redis when a URL is given and the embedded SQLite file otherwise', () => {
    expect(intakeStoreMode({ redisUrl: 'redis://cache:6379', dataDir: 'data' })).toEqual({ kind: 'redis', redisUrl: 'redis://cache:6379' });
    expect(intakeStoreMode({ redisUrl: '', dataDir: 'data' })).toEqual({ kind: 'sqlite', file: join('data', 'intake.sqlite') });
    expect(intakeStoreMode({ dataDir: 'data' })).toEqual({ kind: 'sqlite', file: join('data', 'intake.sqlite') });
  });

  it('creates the embedded store as intake.sqlite in the data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-config-'));
    const store = createIntakeStore({ dataDir: join(dir, 'data') });
    expect(existsSync(join(dir, 'data', 'intake.sqlite'))).toBe(true);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
