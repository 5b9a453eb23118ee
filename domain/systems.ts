/**
 * The department systems and the departments that own them.
 * GraphQL enum values (SystemName) are the keys; the kebab names are the folder and service names.
 */

/** The systems a population change is written through to: each gets a delivery (the outbox) in every intake. */
export const SYSTEM_NAMES = [
  'COMMUNITY_REGISTRY',
  'SOCIAL_ASSISTANCE',
  'ELDERLY_DISABILITY_SUBSIDY',
  'SOCIAL_INSURANCE',
  'HEALTH_PLATFORM',
] as const;
export type WriteThroughSystem = (typeof SYSTEM_NAMES)[number];

/**
 * Systems the graph only reads: another authority keeps them (e.g. the police cancel household
 * registrations), so an intake holds no delivery for them and no worker claims one.
 */
export const READ_ONLY_SYSTEM_NAMES = ['HOUSEHOLD_REGISTRATION'] as const satisfies readonly string[];
export type ReadOnlySystem = (typeof READ_ONLY_SYSTEM_NAMES)[number];

/** Every system a subgraph may wrap: HTTP clients, errors and stand-ins name it by this. */
export type SystemName = WriteThroughSystem | ReadOnlySystem;

export const DEPARTMENTS = ['community', 'civil-affairs', 'hrss', 'health', 'public-security'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface SystemDescription {
  name: SystemName;
  /** Service and folder name under systems/. */
  service: string;
  /** The department whose subgraph wraps it (and alone may call it). */
  department: Department;
  /** Human label used in error messages. */
  label: string;
}

export const SYSTEMS: Record<SystemName, SystemDescription> = {
  COMMUNITY_REGISTRY: { name: 'COMMUNITY_REGISTRY', service: 'community-registry', department: 'community', label: 'community registry' },
  SOCIAL_ASSISTANCE: { name: 'SOCIAL_ASSISTANCE', service: 'social-assistance', department: 'civil-affairs', label: 'social assistance system' },
  ELDERLY_DISABILITY_SUBSIDY: { name: 'ELDERLY_DISABILITY_SUBSIDY', service: 'elderly-disability-subsidy', department: 'civil-affairs', label: 'elderly and disability subsidy system' },
  SOCIAL_INSURANCE: { name: 'SOCIAL_INSURANCE', service: 'social-insurance', department: 'hrss', label: 'social insurance system' },
  HEALTH_PLATFORM: { name: 'HEALTH_PLATFORM', service: 'health-platform', department: 'health', label: 'health information platform' },
  HOUSEHOLD_REGISTRATION: { name: 'HOUSEHOLD_REGISTRATION', service: 'household-registration', department: 'public-security', label: 'household registration system (via the data-sharing exchange)' },
};
