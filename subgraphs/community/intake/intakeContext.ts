/** What the intake resolvers get: the community context and the intake store's services (its own module, so the resolver modules can share it without importing each other). */
import type { AuditStore } from '../../../platform/audit';
import type { IntakeStore } from '../../../platform/intake/types';
import type { IntakeMetrics } from '../../../platform/metrics/intakeMetrics';
import type { CommunityContext } from '../context';

export interface IntakeServices {
  store: IntakeStore;
  /** Where each report's INTAKE record goes before the report is stored. Absent: not audited (unit tests). */
  audit?: AuditStore;
  /** How long the mutation waits for deliveries before answering, in ms. */
  waitMs: number;
  /** While it waits, how often it reads the intake when no wake-up came (a fallback: a settled intake wakes it), in ms. @default 1000 */
  pollMs?: number;
  /** How long a delivery may stay PENDING before it is listed as needing attention, in ms. @default 15 minutes */
  overdueMs?: number;
  /** Where reports are counted by outcome and rule (intakes_total). Absent: not counted (unit tests). */
  metrics?: IntakeMetrics;
  /** The clock periods are resolved against. @default () => new Date() */
  now?: () => Date;
}

export interface IntakeContext extends CommunityContext {
  intakes: IntakeServices;
}
