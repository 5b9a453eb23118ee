/**
 * The Lua scripts behind the Redis intake store. Each runs atomically in Redis, so a state change
 * and its queue operation (XADD, XACK, ZADD) are one step: no crash can leave one without the other.
 * Keys derived inside a script (delivery hashes from stream entries, the intake of a known key)
 * are not declared in KEYS: the store needs one Redis (or, in a cluster, a prefix with a hash tag
 * such as "{rg}:" so every key lands in one slot).
 *
 * A delivery hash holds: system, status, attempts, lastError, updatedAt, entry (its current stream
 * entry, '' when it has none), claim (the token of the current claim, '' when none), leaseOwner,
 * leaseUntil (epoch ms). Per system there are a stream (due deliveries, one consumer group), a
 * retry zset (intake ids scored by when they are due again) and a lease zset (intake ids of
 * claimed deliveries scored by when their lease ends). Two more zsets per system index the unsettled
 * deliveries for the "needs attention" lists, each intake id scored by since when its delivery has
 * waited (the hash's pendingSince, epoch ms): `waiting` holds the PENDING ones, `failed` the FAILED.
 */
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

export type LuaScript = (redis: Redis, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/** Runs by SHA (EVALSHA) and loads the source once when the server does not know it yet (NOSCRIPT). */
function lua(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      // NOSCRIPT means nothing ran, so running the source now cannot apply the change twice.
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(source, keys.length, ...keys, ...args);
      throw err;
    }
  };
}

/**
 * Lua shared by the scripts that open an intake's deliveries: one PENDING delivery hash, one
 * stream entry and one `waiting` index entry per system, from the (delivery hash, system stream,
 * system waiting zset) KEYS triples starting at `first`.
 */
const OPEN_DELIVERIES = `
local function openDeliveries(id, systems, first, nowIso, nowMs)
  for i, system in ipairs(systems) do
    local at = first + 3 * (i - 1)
    local deliveryKey, stream, waiting = KEYS[at], KEYS[at + 1], KEYS[at + 2]
    local entry = redis.call('XADD', stream, '*', 'intake', id)
    redis.call('HSET', deliveryKey, 'system', system, 'status', 'PENDING', 'attempts', 0, 'lastError', '',
      'updatedAt', nowIso, 'entry', entry, 'claim', '', 'leaseOwner', '', 'leaseUntil', '', 'pendingSince', nowMs)
    redis.call('ZADD', waiting, nowMs, id)
  end
end
`;

/**
 * KEYS: idempotency key, intake hash, intakes-by-date zset, intakes-of-community zset, the
 * community's set of unconfirmed intakes, then a (delivery hash, system stream, system waiting zset)
 * triple per system (none for a held report).
 * ARGV: id, key, inputHash, change JSON, reportedBy, createdAt, community, kind, effectiveDate,
 * date score, intake key prefix, held ('1': await a worker's confirmation), createdAt in epoch ms,
 * the report's traceparent ('' when none), then the system names.
 * A held report is stored UNCONFIRMED with its systems kept aside: no delivery, no stream entry,
 * not listed by date until confirmScript.
 * Returns {'created', id} | {'replayed', existing id} | {'conflict'}.
 */
export const createIntakeScript = lua(`${OPEN_DELIVERIES}
local existing = redis.call('GET', KEYS[1])
if existing then
  if redis.call('HGET', ARGV[11] .. existing, 'inputHash') == ARGV[3] then return {'replayed', existing} end
  return {'conflict'}
end
local id, createdAt, held = ARGV[1], ARGV[6], ARGV[12] == '1'
local systems = {}
for i = 15, #ARGV do systems[#systems + 1] = ARGV[i] end
redis.call('SET', KEYS[1], id)
redis.call('HSET', KEYS[2], 'id', id, 'idempotencyKey', ARGV[2], 'inputHash', ARGV[3], 'change', ARGV[4],
  'reportedBy', ARGV[5], 'createdAt', createdAt, 'community', ARGV[7], 'kind', ARGV[8], 'effectiveDate', ARGV[9])
if ARGV[14] ~= '' then redis.call('HSET', KEYS[2], 'traceParent', ARGV[14]) end
if held then
  redis.call('HSET', KEYS[2], 'systems', '', 'reviewState', 'UNCONFIRMED', 'heldSystems', table.concat(systems, ','))
  redis.call('SADD', KEYS[5], id)
  return {'created', id}
end
redis.call('HSET', KEYS[2], 'systems', table.concat(systems, ','))
redis.call('ZADD', KEYS[3], ARGV[10], id)
redis.call('ZADD', KEYS[4], ARGV[10], id)
openDeliveries(id, systems, 6, createdAt, ARGV[13])
return {'created', id}
`);

/**
 * KEYS: intake hash, intakes-by-date zset, intakes-of-community zset, the community's unconfirmed
 * set, then a (delivery hash, system stream, system waiting zset) triple per held system.
 * ARGV: id, confirmedBy, nowIso, date score, the held systems as stored (comma-separated), now in epoch ms.
 * An UNCONFIRMED intake becomes CONFIRMED, listed by date, with its deliveries and stream entries,
 * in one step; returns 0 (and changes nothing) when it is not UNCONFIRMED.
 */
export const confirmScript = lua(`${OPEN_DELIVERIES}
local h = redis.call('HMGET', KEYS[1], 'reviewState', 'heldSystems', 'withdrawnAt')
if h[1] ~= 'UNCONFIRMED' or h[2] ~= ARGV[5] or h[3] then return 0 end
local systems = {}
for system in string.gmatch(ARGV[5], '[^,]+') do systems[#systems + 1] = system end
redis.call('HSET', KEYS[1], 'reviewState', 'CONFIRMED', 'reviewedBy', ARGV[2], 'reviewedAt', ARGV[3], 'systems', ARGV[5])
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
openDeliveries(ARGV[1], systems, 5, ARGV[3], ARGV[6])
return 1
`);

/**
 * KEYS: intake hash, the community's unconfirmed set. ARGV: id, rejectedBy, nowIso, reason.
 * An UNCONFIRMED intake becomes REJECTED (it never gets a delivery); returns 0 otherwise.
 */
export const rejectScript = lua(`
if redis.call('HGET', KEYS[1], 'reviewState') ~= 'UNCONFIRMED' then return 0 end
redis.call('HSET', KEYS[1], 'reviewState', 'REJECTED', 'reviewedBy', ARGV[2], 'reviewedAt', ARGV[3], 'reviewReason', ARGV[4])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`);

/**
 * KEYS: system stream, system retry zset, system lease zset (intake id scored by lease end, ms).
 * ARGV: group, consumer, limit, now (ms), leaseUntil (ms), nowIso, delivery key prefix, system.
 * 1. Retries that are due go back to the stream (a new entry each).
 * 2. Deliveries whose lease has ended (the consumer crashed or stalled) are taken over: XCLAIM
 *    moves their pending entry to this consumer. The lease zset, not XAUTOCLAIM's idle time, says
 *    which: idle time would be compared with the new claimer's lease length, so a claimer with a
 *    longer lease would miss a crashed short one and one with a shorter lease would steal a live one.
 * 3. New entries are read through the group (XREADGROUP), so replicas share the work.
 * Each claim increments attempts and records a fresh token (entry id + attempt number).
 * Returns {intakeId, token, attempts, lastError, updatedAt} per claim.
 */
export const claimScript = lua(`
local stream, retries, leases = KEYS[1], KEYS[2], KEYS[3]
local group, consumer, limit, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local leaseUntil, nowIso, deliveryPrefix, system = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
redis.pcall('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
local function deliveryKey(intakeId) return deliveryPrefix .. intakeId .. ':' .. system end

for _, intakeId in ipairs(redis.call('ZRANGEBYSCORE', retries, '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('HSET', deliveryKey(intakeId), 'entry', redis.call('XADD', stream, '*', 'intake', intakeId))
  redis.call('ZREM', retries, intakeId)
end

local claimed = {}
local function take(entry, intakeId)
  local key = deliveryKey(intakeId)
  local d = redis.call('HMGET', key, 'status', 'entry', 'lastError')
  if d[1] ~= 'PENDING' or d[2] ~= entry then
    -- An entry that no longer stands for a pending delivery: drop it rather than hand it out.
    redis.call('XACK', stream, group, entry)
    redis.call('XDEL', stream, entry)
    redis.call('ZREM', leases, intakeId)
    return
  end
  local attempts = redis.call('HINCRBY', key, 'attempts', 1)
  local token = entry .. '/' .. attempts
  redis.call('HSET', key, 'claim', token, 'leaseOwner', consumer, 'leaseUntil', leaseUntil, 'updatedAt', nowIso)
  redis.call('ZADD', leases, leaseUntil, intakeId)
  claimed[#claimed + 1] = {intakeId, token, tostring(attempts), d[3], nowIso}
end

for _, intakeId in ipairs(redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, limit)) do
  local entry = redis.call('HGET', deliveryKey(intakeId), 'entry')
  if entry and entry ~= '' then
    redis.call('XCLAIM', stream, group, consumer, 0, entry, 'JUSTID')
    take(entry, intakeId)
  else
    redis.call('ZREM', leases, intakeId)
  end
end

if #claimed < limit then
  local read = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', limit - #claimed, 'STREAMS', stream, '>')
  if read then
    for _, e in ipairs(read[1][2]) do take(e[1], e[2][2]) end
  end
end
return claimed
`);

/**
 * Lua shared by the scripts that end a delivery: when none of the intake's deliveries is PENDING
 * any more, PUBLISH its id on the settled channel, which wakes the mutation waiting on it.
 */
const PUBLISH_IF_SETTLED = `
local function publishIfSettled(intakeKey, deliveryPrefix, id, channel)
  local systems = redis.call('HGET', intakeKey, 'systems') or ''
  for system in string.gmatch(systems, '[^,]+') do
    if redis.call('HGET', deliveryPrefix .. id .. ':' .. system, 'status') == 'PENDING' then return end
  end
  redis.call('PUBLISH', channel, id)
end
`;

/**
 * KEYS: delivery hash, system stream, the intake's form set, system lease zset, intake hash,
 * system waiting zset.
 * ARGV: group, token, status, nowIso, entry, intake id, delivery key prefix, settled channel, then
 * per form: form key, department zset, form id, date score, form JSON, department zset by time
 * made, time made (epoch ms). Does nothing (returns 0)
 * unless the token is the current claim.
 * A form key that exists already is kept (SET NX): a form is never stored twice.
 */
export const completeScript = lua(`${PUBLISH_IF_SETTLED}
local d = redis.call('HMGET', KEYS[1], 'status', 'claim')
if d[1] ~= 'PENDING' or d[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'claim', '', 'leaseOwner', '', 'leaseUntil', '', 'entry', '', 'updatedAt', ARGV[4])
redis.call('XACK', KEYS[2], ARGV[1], ARGV[5])
redis.call('XDEL', KEYS[2], ARGV[5])
redis.call('ZREM', KEYS[4], ARGV[6])
redis.call('ZREM', KEYS[6], ARGV[6])
for i = 9, #ARGV, 7 do
  if redis.call('SET', ARGV[i], ARGV[i + 4], 'NX') then
    redis.call('SADD', KEYS[3], ARGV[i + 2])
    redis.call('ZADD', ARGV[i + 1], ARGV[i + 3], ARGV[i + 2])
    redis.call('ZADD', ARGV[i + 5], ARGV[i + 6], ARGV[i + 2])
  end
end
publishIfSettled(KEYS[5], ARGV[7], ARGV[6], ARGV[8])
return 1
`);

/**
 * KEYS: delivery hash, system stream, system retry zset, system lease zset, intake hash, system
 * waiting zset, system failed zset.
 * ARGV: group, token, error, nowIso, entry, retryAt (ms, '' for the dead letter), intake id,
 * delivery key prefix, settled channel.
 * Does nothing (returns 0) unless the token is the current claim. A dead letter moves from the
 * waiting index to the failed one, keeping its score.
 */
export const failScript = lua(`${PUBLISH_IF_SETTLED}
local d = redis.call('HMGET', KEYS[1], 'status', 'claim')
if d[1] ~= 'PENDING' or d[2] ~= ARGV[2] then return 0 end
redis.call('XACK', KEYS[2], ARGV[1], ARGV[5])
redis.call('XDEL', KEYS[2], ARGV[5])
redis.call('ZREM', KEYS[4], ARGV[7])
redis.call('HSET', KEYS[1], 'lastError', ARGV[3], 'claim', '', 'leaseOwner', '', 'leaseUntil', '', 'entry', '', 'updatedAt', ARGV[4])
if ARGV[6] == '' then
  redis.call('HSET', KEYS[1], 'status', 'FAILED')
  redis.call('ZREM', KEYS[6], ARGV[7])
  redis.call('ZADD', KEYS[7], tonumber(redis.call('HGET', KEYS[1], 'pendingSince')) or 0, ARGV[7])
  publishIfSettled(KEYS[5], ARGV[8], ARGV[7], ARGV[9])
else
  redis.call('ZADD', KEYS[3], ARGV[6], ARGV[7])
end
return 1
`);

/**
 * KEYS: delivery hash, lease zset. ARGV: claim token, new lease end (epoch ms), intake id.
 * Extends the lease of a claim that is still the delivery's current one; returns 0 otherwise.
 */
export const renewScript = lua(`
local d = redis.call('HMGET', KEYS[1], 'status', 'claim')
if d[1] ~= 'PENDING' or d[2] ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'leaseUntil', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
`);

/**
 * KEYS: delivery hash, system stream, system waiting zset, system failed zset. ARGV: nowIso, intake id, now in epoch ms.
 * A FAILED delivery becomes PENDING with a new stream entry (due now) and a new round of
 * attempts, waiting since now; returns 0 otherwise.
 */
export const retryScript = lua(`
if redis.call('HGET', KEYS[1], 'status') ~= 'FAILED' then return 0 end
local entry = redis.call('XADD', KEYS[2], '*', 'intake', ARGV[2])
redis.call('HSET', KEYS[1], 'status', 'PENDING', 'attempts', 0, 'entry', entry, 'updatedAt', ARGV[1], 'pendingSince', ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
return 1
`);

/**
 * KEYS: the acknowledgement hash. ARGV: scope, upTo (ISO timestamp). Keeps the later of the
 * recorded mark and upTo (ISO timestamps in UTC compare as text); returns the mark now recorded.
 */
export const acknowledgeScript = lua(`
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current or current < ARGV[2] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return ARGV[2]
end
return current
`);

/**
 * KEYS: intake hash, the community's unconfirmed set. ARGV: id, withdrawnBy, nowIso, reason, now
 * (epoch ms), settled channel, key prefix. Withdraws an intake once (returns 0 when already
 * withdrawn or unknown): each delivery not yet written (PENDING, FAILED) becomes WITHDRAWN and
 * leaves the unsettled indexes (its stream entry, retry or lease is dropped by claimScript, which
 * hands out PENDING deliveries only; a claim held now goes stale); each DELIVERED one joins its
 * system's `reversals` zset (scored by now) until its department acknowledges the reversal. A held
 * report leaves the unconfirmed set: it is never confirmed. Keys of the deliveries and indexes are
 * derived from the prefix (see the note at the top).
 */
export const withdrawScript = lua(`
local id, prefix = ARGV[1], ARGV[7]
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'withdrawnAt') == 1 then return 0 end
local awaiting = {}
for system in string.gmatch(redis.call('HGET', KEYS[1], 'systems') or '', '[^,]+') do
  local deliveryKey = prefix .. 'delivery:' .. id .. ':' .. system
  local status = redis.call('HGET', deliveryKey, 'status')
  if status == 'PENDING' or status == 'FAILED' then
    redis.call('HSET', deliveryKey, 'status', 'WITHDRAWN', 'claim', '', 'leaseOwner', '', 'leaseUntil', '', 'updatedAt', ARGV[3])
    redis.call('ZREM', prefix .. 'waiting:' .. system, id)
    redis.call('ZREM', prefix .. 'failed:' .. system, id)
  elseif status == 'DELIVERED' then
    redis.call('ZADD', prefix .. 'reversals:' .. system, ARGV[5], id)
    awaiting[#awaiting + 1] = system
  end
end
redis.call('HSET', KEYS[1], 'withdrawnAt', ARGV[3], 'withdrawnBy', ARGV[2], 'withdrawalReason', ARGV[4], 'awaitingReversal', table.concat(awaiting, ','))
redis.call('SREM', KEYS[2], id)
redis.call('PUBLISH', ARGV[6], id)
return 1
`);

/**
 * KEYS: intake hash, the system's reversals zset. ARGV: id, system. The system's department
 * reversed the withdrawn report's write: it leaves the zset and the intake's awaitingReversal list.
 * Returns 0 when that system's reversal was not awaited.
 */
export const acknowledgeReversalScript = lua(`
if redis.call('ZREM', KEYS[2], ARGV[1]) == 0 then return 0 end
local left = {}
for system in string.gmatch(redis.call('HGET', KEYS[1], 'awaitingReversal') or '', '[^,]+') do
  if system ~= ARGV[2] then left[#left + 1] = system end
end
redis.call('HSET', KEYS[1], 'awaitingReversal', table.concat(left, ','))
return 1
`);
