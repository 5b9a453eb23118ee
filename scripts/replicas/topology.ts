/**
 * The replicated topology on one machine: for the gateway and each department subgraph, N
 * replicas (each its own process on its own port) behind a balancer on the service's public
 * port, the address every other part already uses. Pure: ports in, process specs out.
 */
import { envPrefix, SERVICES, type ServiceEntry } from '../../platform/services';
import type { ProcessSpec } from './supervisor';

/** The services that are replicated: the gateway and the subgraphs (the systems are not ours to scale). */
export const REPLICATED: readonly ServiceEntry[] = SERVICES.filter((s) => s.kind !== 'system');

/**
 * Replica `index` (1-based) of a service whose public port is `publicPort`: 10000 above it per
 * replica (4003 -> 14003, 24003). A public port too high for that is refused, naming its variable.
 */
export function defaultReplicaPort(entry: ServiceEntry, index: number, publicPort: number): number {
  const port = publicPort + 10_000 * index;
  if (port > 65_535) {
    throw new Error(`${envPrefix(entry.name)}_PORT=${publicPort} leaves no room for replica ${index} (its port would be ${port}, above 65535): give ${entry.name} a port below ${65_536 - 10_000 * index}, or run fewer replicas`);
  }
  return port;
}
/** The most replicas defaultReplicaPort can place below port 65535 for every service. */
export const MAX_REPLICAS = 6;

export interface ReplicatedService {
  entry: ServiceEntry;
  publicPort: number;
  replicaPorts: number[];
}

export function replicaPlan(replicas: number, publicPort: (entry: ServiceEntry) => number, replicaPort: (entry: ServiceEntry, index: number, publicPort: number) => number, services = REPLICATED): ReplicatedService[] {
  return services.map((entry) => {
    const pub = publicPort(entry);
    return { entry, publicPort: pub, replicaPorts: Array.from({ length: replicas }, (_, i) => replicaPort(entry, i + 1, pub)) };
  });
}

export const replicaUrl = (port: number) => `http://127.0.0.1:${port}`;

/**
 * One process spec per replica. Each listens on its replica port (`<NAME>_PORT`) and reaches
 * every other replicated service through that service's balancer (`<NAME>_URL`: the gateway its
 * subgraphs, reconciliation the gateway), so a replica's death is never seen by a caller that
 * could have used another.
 */
export function replicaSpecs(plan: readonly ReplicatedService[], baseEnv: NodeJS.ProcessEnv, nodeArgs: (entry: ServiceEntry) => string[], cwd: string, output: ProcessSpec['output'] = 'inherit'): ProcessSpec[] {
  const balanced = Object.fromEntries(plan.map((s) => [`${envPrefix(s.entry.name)}_URL`, replicaUrl(s.publicPort)]));
  return plan.flatMap((s) =>
    s.replicaPorts.map((port, i) => ({
      label: `${s.entry.name}#${i + 1}`,
      args: nodeArgs(s.entry),
      env: { ...baseEnv, ...balanced, [`${envPrefix(s.entry.name)}_PORT`]: String(port) },
      cwd,
      output,
    })),
  );
}
