/**
 * The replicas behind one balancer and what it knows of each: healthy or not, from its last
 * /healthz probe and from the last connection that was refused. The order a request tries them
 * in: healthy replicas round-robin, then the ones marked down (a probe may be stale, and trying
 * a down replica costs one refused connection, while refusing the request costs a report).
 */
import { request } from 'node:http';

export interface Upstream {
  url: string;
  healthy: boolean;
}

export class UpstreamSet {
  private readonly upstreams: Upstream[];
  private next = 0;

  constructor(urls: readonly string[]) {
    if (urls.length === 0) throw new Error('a load balancer needs at least one upstream URL');
    this.upstreams = urls.map((url) => ({ url: url.replace(/\/+$/, ''), healthy: true }));
  }

  /** Every upstream once: healthy ones starting from the round-robin position, then the rest. */
  order(): Upstream[] {
    const start = this.next++ % this.upstreams.length;
    const rotated = [...this.upstreams.slice(start), ...this.upstreams.slice(0, start)];
    return [...rotated.filter((u) => u.healthy), ...rotated.filter((u) => !u.healthy)];
  }

  markDown(upstream: Upstream): void {
    upstream.healthy = false;
  }

  healthyUrls(): string[] {
    return this.upstreams.filter((u) => u.healthy).map((u) => u.url);
  }

  /** Probes every upstream's /healthz once; 200 within `timeoutMs` is healthy. */
  async probe(timeoutMs: number): Promise<void> {
    await Promise.all(
      this.upstreams.map(async (u) => {
        u.healthy = await answersOk(`${u.url}/healthz`, timeoutMs);
      }),
    );
  }
}

/** node:http, without keep-alive: a probe must see a replica that died since the last one. */
function answersOk(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('health probe timed out')));
    req.on('error', () => resolve(false));
    req.end();
  });
}
