import { withRedis, deleteRedisKeys } from '../../tests/support/environment';
import { layeredReplayGuard, memoryReplayGuard, redisReplayGuard, ReplayGuardUnavailableError, type ReplayGuard } from './replayGuard';

const RUN_PREFIX = `rg-test:replay-${process.pid}-${Date.now()}:`;
const UNREACHABLE = 'redis://127.0.0.1:1';
let n = 0;
/** A nonce no other test (or run) has used. */
const nonce = () => `nonce-${process.pid}-${Date.now()}-${++n}`;
const inAMinute = () => Date.now() + 60_000;

/** `first` accepts a new nonce once; `second` (the same guard, or another replica) then refuses it. */
async function expectOnce(first: ReplayGuard, second: ReplayGuard = first): Promise<void> {
  const used = nonce();
  expect(await first.firstUse(used, inAMinute())).toBe(true);
  expect(await second.firstUse(used, inAMinute())).toBe(false);
  expect(await second.firstUse(nonce(), inAMinute())).toBe(true);
}

describe('memory replay guard', () => {
  it('accepts a nonce once and refuses it again', () => expectOnce(memoryReplayGuard()));

  it('forgets a nonce once its proof has expired (it would be refused as stale anyway)', async () => {
    let now = 1_800_000_000_000;
    const guard = memoryReplayGuard(() => now);
    expect(await guard.firstUse('nonce-expiring', now + 1000)).toBe(true);
    now += 1001;
    expect(await guard.firstUse('nonce-expiring', now + 1000)).toBe(true);
  });
});

withRedis('the Redis replay guard', (redisUrl) => {
  describe('Redis replay guard', () => {
    const opened: ReplayGuard[] = [];
    const replica = () => {
      const guard = redisReplayGuard(redisUrl, RUN_PREFIX);
      opened.push(guard);
      return guard;
    };
    afterAll(async () => {
      await Promise.all(opened.map((g) => g.close()));
      await deleteRedisKeys(redisUrl, RUN_PREFIX);
    });

    it('accepts a nonce once, on whichever replica, and refuses it on the others', () => expectOnce(replica(), replica()));

    it('lets exactly one of many concurrent uses of a nonce through, across replicas', async () => {
      const [a, b] = [replica(), replica()];
      const used = nonce();
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).firstUse(used, inAMinute())));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    it('forgets a nonce when its proof expires (the key expires with it)', async () => {
      const guard = replica();
      const used = nonce();
      expect(await guard.firstUse(used, Date.now() + 50)).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      expect(await guard.firstUse(used, inAMinute())).toBe(true);
    });

    it('layered with memory: a replica refuses a proof another replica accepted', async () => {
      const layered = () => layeredReplayGuard(memoryReplayGuard(), replica(), () => undefined);
      await expectOnce(layered(), layered());
    });
  });
});

describe('Redis replay guard without a server', () => {
  it('refuses to answer (ReplayGuardUnavailableError) rather than let a proof through', async () => {
    const guard = redisReplayGuard(UNREACHABLE, RUN_PREFIX);
    await expect(guard.firstUse(nonce(), inAMinute())).rejects.toBeInstanceOf(ReplayGuardUnavailableError);
    await guard.close();
  });

  it('layered with memory: tells of the outage and still refuses what this replica has seen', async () => {
    const told: Error[] = [];
    const guard = layeredReplayGuard(memoryReplayGuard(), redisReplayGuard(UNREACHABLE, RUN_PREFIX), (err) => told.push(err));
    await expectOnce(guard);
    expect(told.length).toBeGreaterThan(0);
    expect(told[0]).toBeInstanceOf(ReplayGuardUnavailableError);
    await guard.close();
  });
});
