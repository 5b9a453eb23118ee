/**
 * The scaled intake store: Redis, shared by every replica. One stream per system
 * (`<prefix>deliveries:<SYSTEM>`) with one consumer group, so replicas share the deliveries and a
 * crashed consumer's pending entries are claimed by another once their lease has run out
 * (a lease zset per system records when each claim ends).
 * Every change of state is one Lua script (redisScripts.ts); reads are plain commands.
 * Wake-ups (redisWakeUps.ts): workers block reading the streams on a connection of their own; an
 * intake's last delivery settling is PUBLISHed by the script that settles it.
 */
import type { FormType } from '../../domain/forms';
import type { PopulationChange } from '../../domain/populationChange';
import type { DateRange } from '../../domain/period';
import type { FormDate } from '../../domain/formsQuery';
import type { Department, SystemName } from '../../domain/systems';
import { closeRedis, openRedis } from '../stores/redis';
import { redisFormMarks } from './redisFormMarks';
import { redisWakeUps } from './redisWakeUps';
import { acknowledgeReversalScript, claimScript, completeScript, confirmScript, createIntakeScript, failScript, rejectScript, renewScript, retryScript, withdrawScript } from './redisScripts';
import { dateScore, formIdOf, formsMadeFirst, formsOldestFirst, instantsOf, intakesOldestFirst, newIntakeId, storedTraceParent } from './records';
import {
  intakeStatus,
  StoreUnavailableError,
  type AttentionScope,
  type DeliveryNeedingAttention,
  type ClaimedDelivery, type Delivery, type DeliveryStatus, type Form, type Intake, type IntakeStore, type ReviewState } from './types';

export interface RedisIntakeStoreOptions {
  /**
   * Prepended to every key, so several deployments (or test runs) can share one Redis.
   * In a Redis Cluster use a hash tag, e.g. "{rg}:", so the scripts' keys share a slot.
   * @default "rg:"
   */
  prefix?: string;
}

/** The consumer group of every system stream: all replicas of a department consume as one group. */
const GROUP = 'intake-workers';

// Reply errors that mean "Redis cannot take the write now" rather than "the command is wrong".
const UNAVAILABLE_REPLY = /^(OOM|READONLY|LOADING|MASTERDOWN|BUSY|NOREPLICAS|CLUSTERDOWN|TRYAGAIN)\b/;

function unavailable(err: unknown, applied: 'no' | 'unknown'): unknown {
  // Bugs (ours, not the connection's) keep their own type.
  if (!(err instanceof Error) || err instanceof TypeError || err instanceof SyntaxError || err instanceof RangeError) return err;
  if (err.name === 'ReplyError' && !UNAVAILABLE_REPLY.test(err.message)) return err;
  return new StoreUnavailableError(`Redis: ${err.message}`, applied);
}

/** The order SQLite sorts text in (binary), so both stores list ties alike. */
const byCodePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The intake store on Redis at `redisUrl` (redis://host:port/db). */
export function createRedisIntakeStore(redisUrl: string, options: RedisIntakeStoreOptions = {}): IntakeStore {
  const prefix = options.prefix ?? 'rg:';
  const redis = openRedis(redisUrl);

  const key = {
    idempotency: (k: string) => `${prefix}idem:${k}`,
    intake: (id: string) => `${prefix}intake:${id}`,
    delivery: (id: string, system: SystemName) => `${prefix}delivery:${id}:${system}`,
    stream: (system: SystemName) => `${prefix}deliveries:${system}`,
    retries: (system: SystemName) => `${prefix}retries:${system}`,
    leases: (system: SystemName) => `${prefix}leases:${system}`,
    waiting: (system: SystemName) => `${prefix}waiting:${system}`,
    failed: (system: SystemName) => `${prefix}failed:${system}`,
    /** Deliveries written before their report was withdrawn, awaiting their department's reversal (scored by the withdrawal, ms). */
    reversals: (system: SystemName) => `${prefix}reversals:${system}`,
    intakesByDate: () => `${prefix}intakes:by-date`,
    intakesOfCommunity: (community: string) => `${prefix}intakes:community:${community}`,
    unconfirmedOfCommunity: (community: string) => `${prefix}intakes:unconfirmed:${community}`,
    form: (id: string) => `${prefix}form:${id}`,
    settledChannel: () => `${prefix}settled`,
    formsOfIntake: (id: string) => `${prefix}forms:intake:${id}`,
    formsOfDepartment: (department: Department) => `${prefix}forms:department:${department}`,
    /** The same forms scored by when each was made (epoch ms): the listing by reported date. */
    formsMadeOfDepartment: (department: Department) => `${prefix}forms:made:department:${department}`,
  };

  const toIntake = (h: Record<string, string>): Intake => ({
    id: h.id,
    idempotencyKey: h.idempotencyKey,
    inputHash: h.inputHash,
    change: JSON.parse(h.change) as PopulationChange,
    reportedBy: h.reportedBy,
    createdAt: h.createdAt,
    ...(h.reviewState && { review: { state: h.reviewState as ReviewState, by: h.reviewedBy || null, at: h.reviewedAt || null, reason: h.reviewReason || null } }),
    ...(h.traceParent && { traceParent: h.traceParent }),
    ...(h.withdrawnAt && {
      withdrawal: { reason: h.withdrawalReason ?? '', by: h.withdrawnBy ?? '', at: h.withdrawnAt, awaitingReversal: (h.awaitingReversal ? h.awaitingReversal.split(',') : []) as SystemName[] },
    }),
  });

  async function readIntakes(ids: readonly string[]): Promise<Intake[]> {
    if (ids.length === 0) return [];
    const replies = await redis.pipeline(ids.map((id) => ['hgetall', key.intake(id)])).exec();
    return (replies ?? []).map(([err, h]) => {
      if (err) throw err;
      return toIntake(h as Record<string, string>);
    });
  }

  async function readForms(ids: readonly string[]): Promise<Form[]> {
    if (ids.length === 0) return [];
    const json = await redis.mget(ids.map(key.form));
    return json.filter((j): j is string => j !== null).map((j) => JSON.parse(j) as Form);
  }

  /**
   * `applied`: whether a failure may hide a write that took effect. Reads and claims say 'no'
   * (nothing a caller reports on); creating an intake says 'unknown', since a script sent
   * before the connection broke may have run with its reply lost.
   */
  async function withStore<T>(run: () => Promise<T>, applied: 'no' | 'unknown' = 'no'): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw unavailable(err, applied);
    }
  }

  /**
   * Forms stored before the by-time-made index existed are added to it once per department (a
   * marker key says it was done; running twice adds nothing: same members, same scores).
   * Forms stored since are indexed by completeScript itself.
   */
  const indexedMade = new Set<Department>();
  async function indexMadeOnce(department: Department): Promise<void> {
    if (indexedMade.has(department)) return;
    const marker = `${key.formsMadeOfDepartment(department)}:complete`;
    if (!(await redis.exists(marker))) {
      const forms = await readForms(await redis.zrange(key.formsOfDepartment(department), 0, -1));
      if (forms.length > 0) await redis.zadd(key.formsMadeOfDepartment(department), 'NX', ...forms.flatMap((f) => [Date.parse(f.createdAt), f.id]));
      await redis.set(marker, new Date().toISOString());
    }
    indexedMade.add(department);
  }

  /** The (delivery hash, system stream, system waiting zset) KEYS triples of an intake's deliveries. */
  const deliveryKeys = (id: string, systems: readonly string[]) =>
    systems.flatMap((system) => [key.delivery(id, system as SystemName), key.stream(system as SystemName), key.waiting(system as SystemName)]);

  const toDelivery = (intakeId: string, system: SystemName, d: Record<string, string>): Delivery => ({
    intakeId,
    system,
    status: d.status as DeliveryStatus,
    attempts: Number(d.attempts),
    lastError: d.lastError || null,
    updatedAt: d.updatedAt,
  });

  /**
   * The (system, intake id, since-ms) entries of the unsettled indexes that are in scope: every
   * FAILED one, and the PENDING ones waiting since before the cut-off. Without a community filter
   * no more than `limit` per index can make the list.
   */
  async function attentionEntries(scope: AttentionScope): Promise<{ system: SystemName; intakeId: string; sinceMs: number }[]> {
    const cap = scope.community ? [] : ['LIMIT', 0, scope.limit];
    const commands = scope.systems.flatMap((s) => [
      ['zrangebyscore', key.failed(s), '-inf', '+inf', 'WITHSCORES', ...cap],
      ['zrangebyscore', key.waiting(s), '-inf', scope.pendingBefore.getTime(), 'WITHSCORES', ...cap],
      ['zrangebyscore', key.reversals(s), '-inf', '+inf', 'WITHSCORES', ...cap],
    ]);
    const replies = (await redis.pipeline(commands).exec()) ?? [];
    return replies.flatMap(([err, flat], i) => {
      if (err) throw err;
      const pairs = flat as string[];
      const system = scope.systems[Math.floor(i / 3)];
      return Array.from({ length: pairs.length / 2 }, (_, j) => ({ system, intakeId: pairs[2 * j], sinceMs: Number(pairs[2 * j + 1]) }));
    });
  }

  const entryOf = (claim: ClaimedDelivery) => claim.claimToken.slice(0, claim.claimToken.indexOf('/'));
  const wakeUps = redisWakeUps(redisUrl, redis, key.settledChannel());

  return {
    ...redisFormMarks(redis, prefix, withStore),
    createIntake: (idempotencyKey, input) =>
      withStore(async () => {
        const id = newIntakeId();
        const createdAt = new Date().toISOString();
        const { community, kind, effectiveDate } = input.change;
        const held = input.awaitConfirmation === true;
        const traceParent = storedTraceParent(input.traceParent);
        const keys = [key.idempotency(idempotencyKey), key.intake(id), key.intakesByDate(), key.intakesOfCommunity(community), key.unconfirmedOfCommunity(community)];
        if (!held) keys.push(...deliveryKeys(id, input.systems));
        const args = [id, idempotencyKey, input.inputHash, JSON.stringify(input.change), input.reportedBy, createdAt, community, kind, effectiveDate, dateScore(effectiveDate), key.intake(''), held ? '1' : '', Date.parse(createdAt), traceParent ?? '', ...input.systems];
        const [outcome, storedId] = (await createIntakeScript(redis, keys, args)) as [string, string?];
        if (outcome === 'conflict') return { outcome: 'conflict' };
        if (outcome === 'created') {
          const review = held ? { review: { state: 'UNCONFIRMED' as const, by: null, at: null, reason: null } } : {};
          return { outcome: 'created', intake: { id, idempotencyKey, inputHash: input.inputHash, change: input.change, reportedBy: input.reportedBy, createdAt, ...review, ...(traceParent && { traceParent }) } };
        }
        const [intake] = await readIntakes([storedId!]);
        return { outcome: 'replayed', intake };
      }, 'unknown'),

    getIntake: (id) =>
      withStore(async () => {
        const h = await redis.hgetall(key.intake(id));
        if (!h.id) return null;
        const systems = (h.systems ? h.systems.split(',') : []) as SystemName[];
        const hashes = await redis.pipeline(systems.map((s) => ['hgetall', key.delivery(id, s)])).exec();
        const deliveries = systems.map((system, i): Delivery => {
          const [err, d] = hashes![i] as [Error | null, Record<string, string>];
          if (err) throw err;
          return toDelivery(id, system, d);
        });
        const forms = (await readForms(await redis.smembers(key.formsOfIntake(id)))).sort(formsOldestFirst);
        const intake = toIntake(h);
        return { intake, deliveries, forms, status: intakeStatus(deliveries, intake.review, intake.withdrawal) };
      }),

    claimDeliveries: (system, consumer, limit, leaseMs) =>
      withStore(async () => {
        const now = Date.now();
        const nowIso = new Date(now).toISOString();
        const args = [GROUP, consumer, limit, now, now + leaseMs, nowIso, `${prefix}delivery:`, system];
        const rows = (await claimScript(redis, [key.stream(system), key.retries(system), key.leases(system)], args)) as string[][];
        const intakes = await readIntakes(rows.map((r) => r[0]));
        return rows.map(([intakeId, claimToken, attempts, lastError, updatedAt], i) => ({
          intake: intakes[i],
          delivery: { intakeId, system, status: 'PENDING' as const, attempts: Number(attempts), lastError: lastError || null, updatedAt },
          claimToken,
        }));
      }),

    renewLease: (claim, leaseMs) =>
      withStore(async () => {
        const { intakeId, system } = claim.delivery;
        return (await renewScript(redis, [key.delivery(intakeId, system), key.leases(system)], [claim.claimToken, Date.now() + leaseMs, intakeId])) === 1;
      }),

    completeDelivery: (claim, status, forms) =>
      withStore(async () => {
        const { intakeId, system } = claim.delivery;
        const effectiveDate = claim.intake.change.effectiveDate;
        const createdAt = new Date().toISOString();
        const args: (string | number)[] = [GROUP, claim.claimToken, status, createdAt, entryOf(claim), intakeId, `${prefix}delivery:`, key.settledChannel()];
        for (const f of forms) {
          const form: Form = { id: formIdOf(intakeId, f.type), intakeId, type: f.type, department: f.department, createdAt, effectiveDate, payload: f.payload };
          args.push(key.form(form.id), key.formsOfDepartment(f.department), form.id, dateScore(effectiveDate), JSON.stringify(form), key.formsMadeOfDepartment(f.department), Date.parse(createdAt));
        }
        await completeScript(redis, [key.delivery(intakeId, system), key.stream(system), key.formsOfIntake(intakeId), key.leases(system), key.intake(intakeId), key.waiting(system)], args);
      }),

    failDelivery: (claim, error, retryAt) =>
      withStore(async () => {
        const { intakeId, system } = claim.delivery;
        const args = [GROUP, claim.claimToken, error, new Date().toISOString(), entryOf(claim), retryAt ? retryAt.getTime() : '', intakeId, `${prefix}delivery:`, key.settledChannel()];
        await failScript(redis, [key.delivery(intakeId, system), key.stream(system), key.retries(system), key.leases(system), key.intake(intakeId), key.waiting(system), key.failed(system)], args);
      }),

    retryDelivery: (intakeId, system) =>
      withStore(async () => {
        const now = Date.now();
        const keys = [key.delivery(intakeId, system), key.stream(system), key.waiting(system), key.failed(system)];
        return (await retryScript(redis, keys, [new Date(now).toISOString(), intakeId, now])) === 1;
      }),

    confirmIntake: (id, by) =>
      withStore(async () => {
        const [state, held, community, effectiveDate] = await redis.hmget(key.intake(id), 'reviewState', 'heldSystems', 'community', 'effectiveDate');
        if (state !== 'UNCONFIRMED' || !held || !community || !effectiveDate) return false;
        const keys = [key.intake(id), key.intakesByDate(), key.intakesOfCommunity(community), key.unconfirmedOfCommunity(community), ...deliveryKeys(id, held.split(','))];
        const now = Date.now();
        return (await confirmScript(redis, keys, [id, by, new Date(now).toISOString(), dateScore(effectiveDate), held, now])) === 1;
      }),

    rejectIntake: (id, by, reason) =>
      withStore(async () => {
        const community = await redis.hget(key.intake(id), 'community');
        if (!community) return false;
        return (await rejectScript(redis, [key.intake(id), key.unconfirmedOfCommunity(community)], [id, by, new Date().toISOString(), reason])) === 1;
      }),

    withdrawIntake: (id, by, reason) =>
      withStore(async () => {
        const community = await redis.hget(key.intake(id), 'community');
        if (!community) return false;
        const args = [id, by, new Date().toISOString(), reason, Date.now(), key.settledChannel(), prefix];
        return (await withdrawScript(redis, [key.intake(id), key.unconfirmedOfCommunity(community)], args)) === 1;
      }, 'unknown'),

    acknowledgeWithdrawal: (id, system) =>
      withStore(async () => (await acknowledgeReversalScript(redis, [key.intake(id), key.reversals(system)], [id, system])) === 1, 'unknown'),

    listUnconfirmed: (community) =>
      withStore(async () => {
        const intakes = await readIntakes(await redis.smembers(key.unconfirmedOfCommunity(community)));
        return intakes.sort((a, b) => (a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt)));
      }),

    listIntakes: (range: DateRange, community?: string) =>
      withStore(async () => {
        const index = community ? key.intakesOfCommunity(community) : key.intakesByDate();
        const ids = await redis.zrangebyscore(index, dateScore(range.from), dateScore(range.to));
        return (await readIntakes(ids)).sort(intakesOldestFirst);
      }),

    listNeedingAttention: (scope) =>
      withStore(async () => {
        const entries = await attentionEntries(scope);
        const intakeIds = [...new Set(entries.map((e) => e.intakeId))];
        const [intakes, hashes] = await Promise.all([
          readIntakes(intakeIds),
          redis.pipeline(entries.map((e) => ['hgetall', key.delivery(e.intakeId, e.system)])).exec(),
        ]);
        const intakeById = new Map(intakes.map((i) => [i.id, i]));
        const items = entries.flatMap((e, i): (DeliveryNeedingAttention & { sinceMs: number })[] => {
          const [err, d] = hashes![i] as [Error | null, Record<string, string>];
          if (err) throw err;
          const intake = intakeById.get(e.intakeId)!;
          const delivery = toDelivery(e.intakeId, e.system, d);
          // The indexes and the hash are written by one script, so they agree; the read of the two is not atomic, so check.
          const listed = delivery.status === 'FAILED' || delivery.status === 'PENDING' || (delivery.status === 'DELIVERED' && intake.withdrawal?.awaitingReversal.includes(e.system));
          if (!listed || (scope.community && intake.change.community !== scope.community)) return [];
          return [{ intake, delivery, since: delivery.status === 'FAILED' ? delivery.updatedAt : new Date(e.sinceMs).toISOString(), sinceMs: e.sinceMs }];
        });
        return items
          .sort((a, b) => a.sinceMs - b.sinceMs || byCodePoints(a.intake.id, b.intake.id) || byCodePoints(a.delivery.system, b.delivery.system))
          .slice(0, scope.limit)
          .map(({ intake, delivery, since }) => ({ intake, delivery, since }));
      }),

    pendingBacklog: (systems) =>
      withStore(async () => {
        // The `waiting` index holds exactly the PENDING deliveries, scored by since when they wait.
        const replies = (await redis.pipeline(systems.flatMap((s) => [['zcard', key.waiting(s)], ['zrange', key.waiting(s), 0, 0, 'WITHSCORES']])).exec()) ?? [];
        return systems.map((system, i) => {
          const [[countErr, pending], [oldestErr, oldest]] = [replies[2 * i], replies[2 * i + 1]];
          if (countErr ?? oldestErr) throw countErr ?? oldestErr;
          const score = (oldest as string[])[1];
          return { system, pending: Number(pending), oldestPendingSince: score === undefined ? null : Number(score) };
        });
      }),

    listForms: (range: DateRange, department: Department, type?: FormType, by: FormDate = 'EFFECTIVE') =>
      withStore(async () => {
        if (by === 'REPORTED') {
          await indexMadeOnce(department);
          const made = instantsOf(range);
          const ids = await redis.zrangebyscore(key.formsMadeOfDepartment(department), Date.parse(made.from), `(${Date.parse(made.until)}`);
          return (await readForms(ids)).filter((f) => !type || f.type === type).sort(formsMadeFirst);
        }
        const ids = await redis.zrangebyscore(key.formsOfDepartment(department), dateScore(range.from), dateScore(range.to));
        return (await readForms(ids)).filter((f) => !type || f.type === type).sort(formsOldestFirst);
      }),

    watchDeliveries: (systems, onDue) => wakeUps.watchStreams(systems.map(key.stream), onDue),

    watchIntake: (intakeId, onSettled) => withStore(() => wakeUps.watchSettled(intakeId, onSettled)),

    nextDueAt: (system) =>
      withStore(async () => {
        // A retry's time, or the end of a lease held now (a crashed worker's is taken over then).
        const after = `(${Date.now()}`;
        const first = (zset: string) => redis.zrangebyscore(zset, after, '+inf', 'WITHSCORES', 'LIMIT', 0, 1);
        const [retry, lease] = await Promise.all([first(key.retries(system)), first(key.leases(system))]);
        const times = [retry[1], lease[1]].filter((t): t is string => t !== undefined).map(Number);
        return times.length > 0 ? Math.min(...times) : null;
      }),

    close: async () => {
      await wakeUps.close();
      await closeRedis(redis);
    },
  };
}
