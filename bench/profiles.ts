/**
 * The stand-ins' latency profiles the bench runs under, set per system through the stand-ins' own
 * `<SYSTEM>_LATENCY_MS` settings (systems/shared/config.ts). Other scripts import REALISTIC_LATENCY_MS
 * rather than repeating the figures.
 */
import { SYSTEMS, type SystemName } from '../domain/systems';
import { envPrefix } from '../platform/services';

export type ProfileName = 'instant' | 'realistic';

/**
 * What the district's systems answer in, as measured at the exchange: the SOAP subsidy system and
 * the household registration exchange are the slow ones; social insurance keeps its own rate limit
 * (the stand-in's, untouched here); the FHIR platform sits in between; the rest are local REST.
 */
export const REALISTIC_LATENCY_MS: Readonly<Record<SystemName, number>> = Object.freeze({
  ELDERLY_DISABILITY_SUBSIDY: 40,
  HOUSEHOLD_REGISTRATION: 40,
  SOCIAL_INSURANCE: 30,
  HEALTH_PLATFORM: 15,
  SOCIAL_ASSISTANCE: 10,
  COMMUNITY_REGISTRY: 5,
});

export function latencyOf(profile: ProfileName, system: SystemName): number {
  return profile === 'instant' ? 0 : REALISTIC_LATENCY_MS[system];
}

/** The slowest system's latency in a profile (the report-burst goal is measured against it). */
export function slowestLatencyMs(profile: ProfileName): number {
  return Math.max(...(Object.keys(SYSTEMS) as SystemName[]).map((s) => latencyOf(profile, s)));
}

/**
 * The stand-ins' settings for one profile: `{ ELDERLY_DISABILITY_SUBSIDY_LATENCY_MS: '40', ... }`;
 * instant stand-ins also answer without social insurance's rate limit (issue 11 names the limit
 * as part of the realistic profile), so the instant profile measures the platform alone.
 */
export function latencyEnv(profile: ProfileName): Record<string, string> {
  const latencies = Object.fromEntries((Object.keys(SYSTEMS) as SystemName[]).map((s) => [`${envPrefix(SYSTEMS[s].service)}_LATENCY_MS`, String(latencyOf(profile, s))]));
  return profile === 'instant' ? { ...latencies, SOCIAL_INSURANCE_RATE_LIMIT_PER_SECOND: '0' } : latencies;
}
