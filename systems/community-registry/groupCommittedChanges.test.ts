/**
 * The stand-in's writes share one group commit: requests that arrive together are committed in one
 * transaction. Each write still checks its key and writes as one unit, so a batch never applies a
 * change twice, and an answered change survives a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandIn } from '../../tests/support/standIns';
import { communityRegistryStandIn } from './standIn';
import { consistentResidents } from '../seed/population';

const postChange = (url: string, body: object, key: string) =>
  fetch(`${url}/registry/changes`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });

describe('registry changes through the group commit', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'group-committed-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('applies one change when ten requests with the same Idempotency-Key arrive at once, and replays it to the other nine', async () => {
    const registry = await startStandIn(communityRegistryStandIn, { dataDir: dataDir() });
    try {
      const p = consistentResidents()[5];
      const change = { idNumber: p.idNumber, kind: 'DEATH', effectiveDate: '2026-11-02', reference: 'INTAKE-BURST-1' };
      const replies = await Promise.all(Array.from({ length: 10 }, () => postChange(registry.url, change, 'burst-key-1')));
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
      expect((registry.ctx.db.prepare('SELECT COUNT(*) AS n FROM changes WHERE id_number = ?').get(p.idNumber) as { n: number }).n).toBe(1);
    } finally {
      await registry.close();
    }
  });

  it('keeps an answered change after the stand-in restarts on the same data folder', async () => {
    const dir = dataDir();
    const p = consistentResidents()[6];
    const first = await startStandIn(communityRegistryStandIn, { dataDir: dir });
    const answered = await postChange(first.url, { idNumber: p.idNumber, kind: 'MOVED_OUT', effectiveDate: '2026-11-03', reference: 'INTAKE-BURST-2', destination: 'Chenghua District' }, 'burst-key-2');
    expect(answered.status).toBe(201);
    await first.close();
    const again = await startStandIn(communityRegistryStandIn, { dataDir: dir });
    try {
      expect(again.ctx.db.prepare('SELECT status FROM persons WHERE id_number = ?').get(p.idNumber)).toEqual({ status: 'MOVED_OUT' });
    } finally {
      await again.close();
    }
  });

});
