/**
 * The mutation answers after its deliveries settle or a bounded time, whichever comes first;
 * what is still PENDING then completes in the background and can be read with intake(id).
 */
import type { IntakeStore, IntakeView } from '../../../platform/intake/types';

export async function waitForDeliveries(store: IntakeStore, intakeId: string, budgetMs: number, pollMs = 50): Promise<IntakeView> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const view = await store.getIntake(intakeId);
    if (!view) throw new Error(`intake ${intakeId} vanished from the store`);
    if (!view.deliveries.some((d) => d.status === 'PENDING') || Date.now() >= deadline) return view;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}
