/** Counts the writes each written-through stand-in has committed, read from its own store (its write log table). */
import type { WriteThroughSystem as SystemName } from '../../domain/systems';
import type { Stack } from './stack';

const WRITE_LOG: Record<SystemName, string> = {
  COMMUNITY_REGISTRY: 'changes',
  SOCIAL_ASSISTANCE: 'terminations',
  ELDERLY_DISABILITY_SUBSIDY: 'stop_log',
  SOCIAL_INSURANCE: 'writes',
  HEALTH_PLATFORM: 'writes',
};

export type WriteCounts = Record<SystemName, number>;

export function writeCounts(stack: Stack): WriteCounts {
  return Object.fromEntries(
    (Object.keys(WRITE_LOG) as SystemName[]).map((s) => [s, (stack.systems[s].ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${WRITE_LOG[s]}`).get() as { n: number }).n]),
  ) as WriteCounts;
}

export function writesSince(stack: Stack, before: WriteCounts): WriteCounts {
  const now = writeCounts(stack);
  return Object.fromEntries((Object.keys(now) as SystemName[]).map((s) => [s, now[s] - before[s]])) as WriteCounts;
}
