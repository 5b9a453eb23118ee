/**
 * The mutation answers after its deliveries settle or a bounded time, whichever comes first;
 * what is still PENDING then completes in the background and can be read with intake(id).
 * It is woken by the store when the intake's last delivery settles (IntakeStore.watchIntake) and
 * reads the intake then; `pollMs` is only the fallback for a lost wake-up.
 */
import type { IntakeStore, IntakeView, Unwatch } from '../../../platform/intake/types';

/** When the store cannot watch the intake (Redis subscriber away), it is read this often instead. */
const UNWATCHED_POLL_MS = 50;

export async function waitForDeliveries(store: IntakeStore, intakeId: string, budgetMs: number, pollMs = 1000): Promise<IntakeView> {
  const deadline = Date.now() + budgetMs;
  let woken = false;
  let wake = () => {};
  const onSettled = () => {
    woken = true;
    wake();
  };
  // Watching before the first read: a delivery settling in between still wakes the wait.
  const unwatch: Unwatch | undefined = budgetMs > 0 ? await store.watchIntake(intakeId, onSettled).catch(() => undefined) : undefined;
  const interval = unwatch ? pollMs : UNWATCHED_POLL_MS;
  try {
    for (;;) {
      woken = false;
      const view = await store.getIntake(intakeId);
      if (!view) throw new Error(`intake ${intakeId} vanished from the store`);
      if (!view.deliveries.some((d) => d.status === 'PENDING') || Date.now() >= deadline) return view;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => {};
    }
  } finally {
    unwatch?.();
  }
}
