/**
 * Tracing, set up once per process by its entry point (gateway/main.ts, platform/department/serve.ts
 * runDepartment), before it serves: the official SDK's NodeTracerProvider with the W3C trace-context
 * propagator and the AsyncLocalStorage context manager, registered globally.
 *
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, every span is recorded and sent in batches over OTLP/HTTP
 * to <endpoint>/v1/traces. Without it, nothing is recorded or sent: the sampler drops every span at
 * its start (a non-recording span costs an id and a context), while trace ids are still made and
 * propagated, so the services' log lines of one request share a traceId all the same.
 *
 * Spans are made explicitly at the known boundaries (platform/tracing/*Span.ts) rather than by the
 * require-hook instrumentations: those patch modules only if set up before the modules load (not so
 * under ts-jest, nor for the in-process test stack), and their HTTP spans would carry concrete URLs,
 * where ID numbers are.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingSettings } from '../config';
import { PersonalDataGuard, type PersonalDataHit } from './personalDataGuard';

export interface TracingOptions {
  /** Tests: every span goes to this exporter at once (the SDK's InMemorySpanExporter), whatever the endpoint. */
  exporter?: SpanExporter;
  /** Told of each attribute the guard masked (personalDataGuard.ts). @default ignored (the value is masked anyway) */
  onPersonalData?: (hit: PersonalDataHit) => void;
}

export interface Tracing {
  /** Whether spans are recorded and exported (an endpoint or an exporter was given). */
  readonly recording: boolean;
  /** Sends what is still buffered. */
  forceFlush(): Promise<void>;
  /** Sends what is buffered, then unregisters the provider (a later setupTracing may register another). */
  shutdown(): Promise<void>;
}

export class TracingSetupError extends Error {
  readonly code = 'TRACING_ALREADY_SET_UP';
}

let current: Tracing | undefined;

/** Registers this process's tracer provider; call once, before serving. */
export function setupTracing(settings: TracingSettings, options: TracingOptions = {}): Tracing {
  if (current) throw new TracingSetupError('Tracing is already set up in this process: call setupTracing once, from the entry point (shut the first down before setting up another).');
  const sink = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : settings.otlpEndpoint
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${settings.otlpEndpoint}/v1/traces` }))
      : undefined;
  const spanProcessors: SpanProcessor[] = sink ? [new PersonalDataGuard(options.onPersonalData), sink] : [];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }),
    // A caller's decision is kept (a subgraph records what the gateway records); nothing is recorded without a sink.
    sampler: sink ? new ParentBasedSampler({ root: new AlwaysOnSampler() }) : new AlwaysOffSampler(),
    spanProcessors,
  });
  // No context manager given: NodeTracerProvider registers its default, AsyncLocalStorage's. W3C trace context only (no baggage: it could carry anything).
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const tracing: Tracing = {
    recording: sink !== undefined,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      if (current !== tracing) return;
      current = undefined;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  current = tracing;
  return tracing;
}
