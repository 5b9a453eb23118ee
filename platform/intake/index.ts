/** The durable intake store: intakes, their deliveries (the outbox) and the forms they produced. */
export { createIntakeStore, intakeStoreMode, isRedisMode, type IntakeStoreConfig, type IntakeStoreMode } from './createIntakeStore';
export { createRedisIntakeStore, type RedisIntakeStoreOptions } from './redisStore';
export { createSqliteIntakeStore } from './sqliteStore';
export {
  intakeStatus,
  StoreUnavailableError,
  type ClaimedDelivery,
  type CreateResult,
  type Delivery,
  type DeliveryStatus,
  type Form,
  type Intake,
  type IntakeStatus,
  type IntakeStore,
  type IntakeView,
  type NewForm,
  type NewIntake,
  type Review,
  type ReviewState,
  type Unwatch,
} from './types';
