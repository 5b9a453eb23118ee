/**
 * The health department: wraps the health information platform (HL7 FHIR R4) for vital status
 * and family-planning assistance, and writes population changes through to it (death
 * registration, end of assistance). The platform wires the rest (platform/department).
 */
import { defineDepartment } from '../../platform/department';
import { HealthPlatformAdapter } from './adapters/health-platform';
import { healthPlatformDelivery } from './deliveries/healthPlatform';
import { createHealthLoaders } from './loaders';
import { healthResolvers } from './resolvers';

export const healthDepartment = defineDepartment({
  name: 'health',
  systems: { HEALTH_PLATFORM: {} },
  adapters: (clients) => ({ healthPlatform: new HealthPlatformAdapter(clients.HEALTH_PLATFORM) }),
  loaders: ({ healthPlatform }, caches) => createHealthLoaders(healthPlatform, caches),
  resolvers: healthResolvers,
  deliveries: ({ healthPlatform }) => [healthPlatformDelivery(healthPlatform)],
});
