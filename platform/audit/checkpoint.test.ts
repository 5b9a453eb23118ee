import { checkpointText, parseCheckpoint, parseCheckpointText } from './checkpoint';

const HASH = 'ab'.repeat(32);

describe('audit checkpoints', () => {
  it('reads back the text the command prints', () => {
    expect(parseCheckpointText(checkpointText({ seq: 42, hash: HASH }))).toEqual({ ok: true, checkpoint: { seq: 42, hash: HASH } });
  });

  it.each([
    ['no separator', 'nonsense', [[[], 'format']]],
    ['too many parts', `1:${HASH}:x`, [[[], 'format']]],
    ['record 0 and a short hash', '0:abc', [[['seq'], expect.any(String)], [['hash'], expect.any(String)]]],
    ['a seq that is no number', `x:${HASH}`, [[['seq'], expect.any(String)]]],
    ['upper-case hex', `3:${HASH.toUpperCase()}`, [[['hash'], expect.any(String)]]],
  ])('refuses %s, naming each bad part', (_what, text, expected) => {
    const parsed = parseCheckpointText(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => [p.path, p.rule])).toEqual(expected);
  });

  it('puts the problems of an object under the given path (the GraphQL argument)', () => {
    const parsed = parseCheckpoint({ seq: 1.5, hash: HASH }, ['checkpoint']);
    expect(parsed).toEqual({ ok: false, problems: [expect.objectContaining({ path: ['checkpoint', 'seq'] })] });
  });
});
