import { groupCommit } from './groupCommit';

/** A commit the test finishes by hand: it records each batch it was given and waits to be released. */
function heldCommits() {
  const batches: number[][] = [];
  const releases: Array<(fail?: Error) => void> = [];
  const commit = (batch: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(batch);
      releases.push((fail) => (fail ? reject(fail) : resolve(batch.map((n) => `stored ${n}`))));
    });
  const committing = async (count: number) => {
    while (releases.length < count) await new Promise((r) => setImmediate(r));
  };
  return { batches, releases, commit, committing };
}

describe('group commit', () => {
  it('commits the first append alone and everything that arrived meanwhile in the next commit', async () => {
    const held = heldCommits();
    const group = groupCommit<number, string>(held.commit);
    const first = group.submit(1);
    await held.committing(1);
    const later = [2, 3, 4, 5].map((n) => group.submit(n));
    held.releases[0]();
    await held.committing(2);
    held.releases[1]();
    expect(await first).toBe('stored 1');
    expect(await Promise.all(later)).toEqual(['stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(held.batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('fails every append of a failed commit, and commits the next ones normally', async () => {
    const held = heldCommits();
    const group = groupCommit<number, string>(held.commit);
    const first = group.submit(1);
    await held.committing(1);
    const doomed = [group.submit(2), group.submit(3)];
    held.releases[0]();
    await held.committing(2);
    held.releases[1](new Error('disk full'));
    await expect(first).resolves.toBe('stored 1');
    for (const d of doomed) await expect(d).rejects.toThrow('disk full');
    const after = group.submit(4);
    await held.committing(3);
    held.releases[2]();
    await expect(after).resolves.toBe('stored 4');
  });

  it('bounds a commit to maxBatch appends', async () => {
    const held = heldCommits();
    const group = groupCommit<number, string>(held.commit, 2);
    const all = [1, 2, 3, 4, 5].map((n) => group.submit(n));
    for (let i = 0; i < 3; i++) {
      await held.committing(i + 1);
      held.releases[i]();
    }
    await Promise.all(all);
    expect(held.batches).toEqual([[1], [2, 3], [4, 5]]);
  });
});
