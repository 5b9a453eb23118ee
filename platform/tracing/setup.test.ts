/**
 * Tracing's setup: OTLP/HTTP export only when an endpoint is configured (a real local HTTP server
 * on port 0 plays the collector and must receive a POST to /v1/traces naming the service);
 * without one nothing is recorded, yet trace ids are made and propagated; once per process.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tracingConfig } from '../config';
import { PROJECT_ROOT } from '../paths';
import { setupTracing, TracingSetupError, type Tracing } from './setup';
import { activeTraceId, tracer } from './tracer';

interface Received {
  method: string;
  url: string;
  body: string;
}

async function collector(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe('setupTracing', () => {
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
  });

  // In a child process (the service's own way, through tsx): the OTLP exporter loads node:http with a
  // dynamic import(), which Jest's module sandbox refuses without --experimental-vm-modules.
  it('sends spans over OTLP/HTTP to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces, named for the service', async () => {
    const otlp = await collector();
    try {
      const probe = [
        "const { tracingConfig } = require('./platform/config');",
        "const { setupTracing } = require('./platform/tracing/setup');",
        "const { tracer } = require('./platform/tracing/tracer');",
        "const tracing = setupTracing(tracingConfig('hrss'));",
        "if (!tracing.recording) process.exit(3);",
        "tracer().startActiveSpan('unit-of-work', (span) => span.end());",
        'tracing.shutdown().then(() => process.exit(0), () => process.exit(4));',
      ].join('\n');
      const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `${otlp.url}/`, OTEL_SERVICE_NAME: 'hrss-replica-2' };
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', probe], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(otlp.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/traces']);
      expect(otlp.received[0].body).toContain('unit-of-work');
      expect(otlp.received[0].body).toContain('hrss-replica-2');
    } finally {
      otlp.server.close();
    }
  }, 30_000);

  it('without an endpoint records and sends nothing, but still makes and propagates trace ids (for the logs)', async () => {
    tracing = setupTracing(tracingConfig('hrss', {}));
    expect(tracing.recording).toBe(false);
    const carrier: Record<string, string> = {};
    tracer().startActiveSpan('unit-of-work', (span) => {
      expect(span.isRecording()).toBe(false);
      expect(activeTraceId()).toMatch(/^[0-9a-f]{32}$/);
      expect(activeTraceId()).not.toBe('0'.repeat(32));
      propagation.inject(context.active(), carrier);
      span.end();
    });
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('is set up once per process: a second setup is refused until the first is shut down', async () => {
    tracing = setupTracing(tracingConfig('gateway', {}));
    expect(() => setupTracing(tracingConfig('gateway', {}))).toThrow(TracingSetupError);
    await tracing.shutdown();
    // Shut down: the global provider is gone (spans are the API's no-op ones again) and another may be set up.
    expect(trace.getTracer('x').startSpan('after').spanContext().traceId).toBe('0'.repeat(32));
    tracing = setupTracing(tracingConfig('gateway', {}));
  });

  it('refuses an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => tracingConfig('gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTLP\/HTTP collector[\s\S]*OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
