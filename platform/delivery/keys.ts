/**
 * The idempotency key a delivery sends to a system: derived from the intake, the system and the
 * action, so every retry of the same write carries the same key and no two writes share one.
 */
import type { WriteAction } from '../../domain/rules';
import type { SystemName } from '../../domain/systems';

export function deliveryKey(intakeId: string, system: SystemName, action: WriteAction): string {
  return `${intakeId}:${system}:${action}`;
}
