import { withRedis, deleteRedisKeys } from '../../tests/support/environment';
import { layeredReplayGuard, memoryReplayGuard, redisReplayGuard, ReplayGuardUnavailableError, type ReplayGuard } from './replayGuard';

const NOW = 1_800_000_000_000;
const RUN_PREFIX = `rg-test:replay-${process.pid}-${Date.now()}:`;

/** The guard's contract; `make` gives guards that share what they have seen (one process, or replicas on one Redis). */
function describeReplayGuard(name: string, make: (clock: () => number) => ReplayGuard, realClock: boolean): void {
  describe(`${name} replay guard`, () => {
    let now = NOW;
    const clock = () => (realClock ? Date.now() : now);
    const opened: ReplayGuard[] = [];
    const open = () => {
      const guard = make(clock);
      opened.push(guard);
      return guard;
    };
    let n = 0;
    const nonce = () => `nonce-${process.pid}-${++n}-abcdefgh`;
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((g) => g.close()));
    });

    it('accepts a nonce once and refuses it again until its proof expires', async () => {
      const guard = open();
      const used = nonce();
      expect(await guard.firstUse(used, clock() + 60_000)).toBe(true);
      expect(await guard.firstUse(used, clock() + 60_000)).toBe(false);
      expect(await guard.firstUse(nonce(), clock() + 60_000)).toBe(true);
    });

    it('lets exactly one of many concurrent uses of a nonce through', async () => {
      const [a, b] = [open(), open()];
      const used = nonce();
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).firstUse(used, clock() + 60_000)));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    if (!realClock) {
      it('forgets a nonce once its proof has expired (it would be refused as stale anyway)', async () => {
        const guard = open();
        const used = nonce();
        expect(await guard.firstUse(used, now + 1000)).toBe(true);
        now += 1001;
        expect(await guard.firstUse(used, now + 1000)).toBe(true);
      });
    }
  });
}

describe('memory', () => {
  // One process: the guards a test opens share one memory, as the requests of one subgraph do.
  let shared: ReplayGuard | undefined;
  describeReplayGuard('memory', (clock) => (shared ??= memoryReplayGuard(clock)), false);
  afterEach(() => {
    shared = undefined;
  });
});

withRedis('the Redis replay guard', (redisUrl) => {
  describeReplayGuard('Redis', (clock) => redisReplayGuard(redisUrl, RUN_PREFIX, clock), true);
  afterAll(() => deleteRedisKeys(redisUrl, RUN_PREFIX));
});

describe('Redis replay guard without a server', () => {
  it('refuses to answer (ReplayGuardUnavailableError) rather than let a proof through', async () => {
    const guard = redisReplayGuard('redis://127.0.0.1:1', RUN_PREFIX);
    await expect(guard.firstUse('nonce-unreachable-abcdefgh', Date.now() + 60_000)).rejects.toBeInstanceOf(ReplayGuardUnavailableError);
    await guard.close();
  });
});

describe('layered replay guard (memory, then Redis)', () => {
  it('refuses what this replica has seen, asks Redis about the rest, and relies on memory while Redis is out', async () => {
    const unreachable = redisReplayGuard('redis://127.0.0.1:1', RUN_PREFIX);
    const told: Error[] = [];
    const guard = layeredReplayGuard(memoryReplayGuard(), unreachable, (err) => told.push(err));
    expect(await guard.firstUse('nonce-layered-abcdefgh', Date.now() + 60_000)).toBe(true);
    expect(told).toHaveLength(1);
    expect(told[0]).toBeInstanceOf(ReplayGuardUnavailableError);
    expect(await guard.firstUse('nonce-layered-abcdefgh', Date.now() + 60_000)).toBe(false);
    await guard.close();
  });
});

withRedis('the layered replay guard on Redis', (redisUrl) => {
  it('refuses on one replica a proof another replica accepted', async () => {
    const replica = () => layeredReplayGuard(memoryReplayGuard(), redisReplayGuard(redisUrl, RUN_PREFIX), () => undefined);
    const [a, b] = [replica(), replica()];
    expect(await a.firstUse('nonce-replicas-abcdefgh', Date.now() + 60_000)).toBe(true);
    expect(await b.firstUse('nonce-replicas-abcdefgh', Date.now() + 60_000)).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });
});
