export { createSystemRecordCache, type CacheSetup } from './create';
export { CacheInvalidationError } from './errors';
export { NO_CACHE, systemRecordCache, type CacheLookup, type RecordCacheView, type RecordCaches, type SystemRecordCache } from './recordCache';
export { memoryRecordCache } from './memoryStore';
export { redisRecordCache } from './redisStore';
