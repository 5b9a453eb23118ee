import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPersistedManifest, sha256Hex } from './persistedOperations';

describe('persisted operations manifest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (content: unknown) => {
    const file = join(dir, `${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('loads { sha256: query } entries', () => {
    const query = '{ communities { code } }';
    expect([...loadPersistedManifest(write({ [sha256Hex(query)]: query }))]).toEqual([[sha256Hex(query), query]]);
  });

  it('refuses an entry whose key is not the SHA-256 of its text, naming the variable', () => {
    expect(() => loadPersistedManifest(write({ ['0'.repeat(64)]: '{ communities { code } }' }))).toThrow(/not the SHA-256 of its query text.*PERSISTED_OPERATIONS_FILE/);
    expect(() => loadPersistedManifest(write(['{ a }']))).toThrow(/must be a JSON object/);
  });
});
