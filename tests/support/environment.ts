/**
 * Suites that need a service this machine may not have: a Redis server, Debian's chromium.
 * CI (CI=true, .ci/run starts Redis and installs chromium) always runs them, and fails if the
 * service is missing; on a developer's fresh machine (Node and npm only) they are registered as
 * skipped, with their name saying how to run them, so `npm test` passes there too.
 */
import { existsSync } from 'node:fs';
import Redis from 'ioredis';

const inCi = Boolean(process.env.CI);

/** The Redis server tests may use: REDIS_URL, or in CI the one .ci/run makes sure answers. */
export const TEST_REDIS_URL: string | undefined = process.env.REDIS_URL || (inCi ? 'redis://127.0.0.1:6379' : undefined);

/** Debian's chromium (CHROMIUM_PATH overrides it, e.g. to try a run as a machine without it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function skipped(name: string, how: string): void {
  describe.skip(`${name} (skipped: ${how})`, () => {
    it('runs where the service is available', () => undefined);
  });
}

/** Registers suites that talk to a real Redis server, or one skipped suite saying how to run them. */
export function withRedis(name: string, register: (redisUrl: string) => void): void {
  if (TEST_REDIS_URL) register(TEST_REDIS_URL);
  else skipped(name, 'set REDIS_URL=redis://127.0.0.1:6379 with a Redis server running');
}

/** Registers suites that drive Debian's chromium, or one skipped suite saying how to run them. */
export function withChromium(name: string, register: () => void): void {
  if (inCi || existsSync(CHROMIUM_PATH)) register();
  else skipped(name, 'install Debian chromium (apt-get install chromium)');
}

/** Removes every key a test run wrote under its own prefix, so runs never see each other's data. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
