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
import type { Department, SystemName } from '../../domain/systems';
import { closeRedis, openRedis } from '../stores/redis';
import { redisWakeUps } from './redisWakeUps';
import { claimScript, completeScript, confirmScript, createIntakeScript, failScript, rejectScript, renewScript, retryScript } from './redisScripts';
import { dateScore, formIdOf, formsOldestFirst, intakesOldestFirst, newIntakeId } from './records';
import { intakeStatus, StoreUnavailableError, type ClaimedDelivery, type Delivery, type DeliveryStatus, type Form, type Intake, type IntakeStore, type ReviewState } from './types';

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
    intakesByDate: () => `${prefix}intakes:by-date`,
    intakesOfCommunity: (community: string) => `${prefix}intakes:community:${community}`,
    unconfirmedOfCommunity: (community: string) => `${prefix}intakes:unconfirmed:${community}`,
    form: (id: string) => `${prefix}form:${id}`,
    settledChannel: () => `${prefix}settled`,
    formsOfIntake: (id: string) => `${prefix}forms:intake:${id}`,
    formsOfDepartment: (department: Department) => `${prefix}forms:department:${department}`,
  };

  const toIntake = (h: Record<string, string>): Intake => ({
    id: h.id,
    idempotencyKey: h.idempotencyKey,
    inputHash: h.inputHash,
    change: JSON.parse(h.change) as PopulationChange,
    reportedBy: h.reportedBy,
    createdAt: h.createdAt,
    ...(h.reviewState && { review: { state: h.reviewState as ReviewState, by: h.reviewedBy || null, at: h.reviewedAt || null, reason: h.reviewReason || null } }),
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

  /** The (delivery hash, system stream) KEYS pairs of an intake's deliveries. */
  const deliveryKeys = (id: string, systems: readonly string[]) => systems.flatMap((system) => [key.delivery(id, system as SystemName), key.stream(system as SystemName)]);

  const entryOf = (claim: ClaimedDelivery) => claim.claimToken.slice(0, claim.claimToken.indexOf('/'));
  const wakeUps = redisWakeUps(redisUrl, redis, key.settledChannel());

  return {
    createIntake: (idempotencyKey, input) =>
      withStore(async () => {
        const id = newIntakeId();
        const createdAt = new Date().toISOString();
        const { community, kind, effectiveDate } = input.change;
        const held = input.awaitConfirmation === true;
        const keys = [key.idempotency(idempotencyKey), key.intake(id), key.intakesByDate(), key.intakesOfCommunity(community), key.unconfirmedOfCommunity(community)];
        if (!held) keys.push(...deliveryKeys(id, input.systems));
        const args = [id, idempotencyKey, input.inputHash, JSON.stringify(input.change), input.reportedBy, createdAt, community, kind, effectiveDate, dateScore(effectiveDate), key.intake(''), held ? '1' : '', ...input.systems];
        const [outcome, storedId] = (await createIntakeScript(redis, keys, args)) as [string, string?];
        if (outcome === 'conflict') return { outcome: 'conflict' };
        if (outcome === 'created') {
          const review = held ? { review: { state: 'UNCONFIRMED' as const, by: null, at: null, reason: null } } : {};
          return { outcome: 'created', intake: { id, idempotencyKey, inputHash: input.inputHash, change: input.change, reportedBy: input.reportedBy, createdAt, ...review } };
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
          return { intakeId: id, system, status: d.status as DeliveryStatus, attempts: Number(d.attempts), lastError: d.lastError || null, updatedAt: d.updatedAt };
        });
        const forms = (await readForms(await redis.smembers(key.formsOfIntake(id)))).sort(formsOldestFirst);
        const intake = toIntake(h);
        return { intake, deliveries, forms, status: intakeStatus(deliveries, intake.review) };
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
          args.push(key.form(form.id), key.formsOfDepartment(f.department), form.id, dateScore(effectiveDate), JSON.stringify(form));
        }
        await completeScript(redis, [key.delivery(intakeId, system), key.stream(system), key.formsOfIntake(intakeId), key.leases(system), key.intake(intakeId)], args);
      }),

    failDelivery: (claim, error, retryAt) =>
      withStore(async () => {
        const { intakeId, system } = claim.delivery;
        const args = [GROUP, claim.claimToken, error, new Date().toISOString(), entryOf(claim), retryAt ? retryAt.getTime() : '', intakeId, `${prefix}delivery:`, key.settledChannel()];
        await failScript(redis, [key.delivery(intakeId, system), key.stream(system), key.retries(system), key.leases(system), key.intake(intakeId)], args);
      }),

    retryDelivery: (intakeId, system) =>
      withStore(async () => (await retryScript(redis, [key.delivery(intakeId, system), key.stream(system)], [new Date().toISOString(), intakeId])) === 1),

    confirmIntake: (id, by) =>
      withStore(async () => {
        const [state, held, community, effectiveDate] = await redis.hmget(key.intake(id), 'reviewState', 'heldSystems', 'community', 'effectiveDate');
        if (state !== 'UNCONFIRMED' || !held || !community || !effectiveDate) return false;
        const keys = [key.intake(id), key.intakesByDate(), key.intakesOfCommunity(community), key.unconfirmedOfCommunity(community), ...deliveryKeys(id, held.split(','))];
        return (await confirmScript(redis, keys, [id, by, new Date().toISOString(), dateScore(effectiveDate), held])) === 1;
      }),

    rejectIntake: (id, by, reason) =>
      withStore(async () => {
        const community = await redis.hget(key.intake(id), 'community');
        if (!community) return false;
        return (await rejectScript(redis, [key.intake(id), key.unconfirmedOfCommunity(community)], [id, by, new Date().toISOString(), reason])) === 1;
      }),

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

    listForms: (range: DateRange, department: Department, type?: FormType) =>
      withStore(async () => {
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
