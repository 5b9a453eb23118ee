/** Builds the delivery worker a department subgraph runs for the systems it owns. */
import { hostname } from 'node:os';
import type { SubgraphConfig } from '../server/runSubgraph';
import type { IntakeStore } from '../intake/types';
import type { Logger } from '../logger';
import type { Registry } from '../metrics/registry';
import { DeliveryMetrics } from './deliveryMetrics';
import { DeliveryWorker, type DeliveryHandler } from './worker';

export function departmentWorker(department: string, store: IntakeStore, handlers: DeliveryHandler[], config: SubgraphConfig, logger: Logger, metrics: Registry): DeliveryWorker {
  return new DeliveryWorker(
    store,
    handlers,
    logger.child({ component: 'delivery-worker' }),
    {
      // Unique per process, so replicas' leases and stream consumers never collide.
      consumer: `${department}@${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
      ...config.delivery,
    },
    new DeliveryMetrics(metrics, store, handlers.map((h) => h.system)),
  );
}
