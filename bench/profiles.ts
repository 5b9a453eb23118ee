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

/** `{ ELDERLY_DISABILITY_SUBSIDY_LATENCY_MS: '40', ... }` for one profile. */
export function latencyEnv(profile: ProfileName): Record<string, string> {
  return Object.fromEntries((Object.keys(SYSTEMS) as SystemName[]).map((s) => [`${envPrefix(SYSTEMS[s].service)}_LATENCY_MS`, String(latencyOf(profile, s))]));
}
