export { HealthPlatformAdapter } from './executor';
export type { RecordDeathOutcome, EndAssistanceOutcome } from './executor';
export { MAX_SEARCH_VALUES as HEALTH_PLATFORM_MAX_BATCH } from './description';
export type { FamilyPlanningEpisode, HealthRecord } from './description';
