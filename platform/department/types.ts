/**
 * The one shape of a department subgraph. A department declares what is its own (its systems
 * and how to reach them, its adapters, loaders, resolvers, delivery handlers); the platform
 * wires the rest once (platform/department/build.ts): config, logger, one HTTP client per
 * system, the intake and audit stores, the delivery worker, the per-request context, close.
 */
import type { Registry } from '../metrics/registry';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SystemName } from '../../domain/systems';
import type { AuditStore } from '../audit/types';
import type { RecordCaches } from '../cache/recordCache';
import type { DeliveryHandler } from '../delivery/worker';
import type { HttpClient, HttpClientOptions } from '../http/client';
import type { IntakeStore } from '../intake/types';
import type { Logger } from '../logger';
import type { SystemReadSettings } from '../config';
import type { SubgraphConfig } from '../server/runSubgraph';
import type { RequestContext } from '../server/subgraph';

/** How the platform's client to one system is tuned (retries, a longer budget...); its base URL and default budget come from the config. */
export type SystemClientOptions = Omit<HttpClientOptions, 'system' | 'baseUrl'>;

/** One HTTP client per system the department owns, made once per process: each circuit breaker sees every call, reads and deliveries alike. */
export type SystemClients<S extends SystemName> = Readonly<Record<S, HttpClient>>;

/** A department's settings: every subgraph's, and how it reads its systems (absent: the defaults, cache on and pooled calls). */
export type DepartmentConfig = SubgraphConfig & { systemReads?: SystemReadSettings };

/** What every resolver of a department gets: the request's base context, the process's adapters and this request's loaders. */
export interface DepartmentContext<Adapters, Loaders> extends RequestContext {
  /** Made once per process from the platform's clients: for writes and reads a loader does not cover. */
  adapters: Adapters;
  /** Made for each request (DataLoaders batch and cache within one request only). */
  loaders: Loaders;
}

/** What the platform made once for the process, for a department whose context needs more than adapters and loaders. */
export interface DepartmentServices {
  config: DepartmentConfig;
  logger: Logger;
  /** The intake store (intakes, deliveries, forms): the community's reports are written here. Opened on first use. */
  intakes: IntakeStore;
  /** The audit log every read of personal data is recorded in. */
  audit: AuditStore;
  /** The department's Prometheus registry (served on its /metrics): where a department counts what it does. */
  metrics: Registry;
}

export interface Department<S extends SystemName, Adapters, Loaders, Ctx extends DepartmentContext<Adapters, Loaders> = DepartmentContext<Adapters, Loaders>> {
  /** Service name (platform/services.ts) and SDL file schema/<name>.graphql. */
  name: string;
  /** The systems the department owns (it never calls another department's), each with its client's tuning (`{}`: the defaults). */
  systems: Readonly<Record<S, SystemClientOptions>>;
  /** Builds the department's adapters on the platform's clients, once per process (`config`: for a department reaching something besides its systems, as reconciliation reads the gateway). */
  adapters(clients: SystemClients<S>, config: DepartmentConfig): Adapters;
  /** Builds the per-request loaders; `caches` gives each a view of the system-record cache (platform/cache: a pass-through when it is off or the caller is reconciliation). */
  loaders(adapters: Adapters, caches: RecordCaches): Loaders;
  resolvers: GraphQLResolverMap<Ctx>;
  /** The delivery handlers of the systems it owns (the worker runs them); `[]`: the department writes nothing through. */
  deliveries(adapters: Adapters): DeliveryHandler[];
  /** The community a resident is registered in, for the department that holds that record (community): community workers' reads are checked against it rather than the join key. */
  communityOf?(idNumber: string, ctx: Ctx): Promise<string | null>;
  /** Extends the context for a department whose resolvers need more (the community's intake services). @default the base context as is */
  context?(base: DepartmentContext<Adapters, Loaders>, services: DepartmentServices): Ctx;
}

/** Declares a department: the identity, typed, so that adapters, loaders and context are inferred from the declaration. */
export function defineDepartment<S extends SystemName, Adapters, Loaders, Ctx extends DepartmentContext<Adapters, Loaders> = DepartmentContext<Adapters, Loaders>>(
  department: Department<S, Adapters, Loaders, Ctx>,
): Department<S, Adapters, Loaders, Ctx> {
  return department;
}
