/**
 * The gateway's connections to one subgraph: a keep-alive pool (undici's request API), so a
 * query does not open a connection per fetch, nor pay for fetch's Request/Response objects and
 * web streams. At most `connections` are open at once; more fetches wait for a free one. The
 * time budget is undici's own connect, headers and body timeouts, not an AbortSignal per call:
 * the gateway's budgets are seconds long (SUBGRAPH_TIMEOUT_MS), far above the coarse clock undici
 * runs those timers on.
 *
 * A reply is read whole and handed to Apollo's data source as the few members of a fetch
 * Response it uses (status, headers.get, json, text, url).
 */
import { STATUS_CODES } from 'node:http';
import { errors as undiciErrors, Pool, type Dispatcher } from 'undici';

export interface SubgraphPoolOptions {
  /** Most connections open to the subgraph at once (SUBGRAPH_CONNECTIONS). */
  connections: number;
  /** The time budget of one fetch, in ms: connecting, then the reply's headers, then each pause in its body. */
  timeoutMs: number;
}

/** What Apollo's RemoteGraphQLDataSource reads of a reply. */
export interface SubgraphReply {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/**
 * No reply from the subgraph: refused, dropped, or out of time. Named as fetch names these
 * (TimeoutError for the budget), so the span and the SUBGRAPH_UNAVAILABLE mapping read it as they
 * read fetch's. Carries undici's code only, never the address.
 */
export class SubgraphNoReply extends Error {
  constructor(
    readonly timedOut: boolean,
    readonly code: string,
  ) {
    super(timedOut ? 'the subgraph did not answer in time' : 'the subgraph could not be reached');
    this.name = timedOut ? 'TimeoutError' : 'SubgraphNoReply';
  }
}

const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function noReply(err: unknown): SubgraphNoReply {
  const code = String((err as { code?: unknown } | null)?.code ?? (err instanceof undiciErrors.UndiciError ? err.name : 'UNKNOWN'));
  return new SubgraphNoReply(TIMEOUTS.has(code), code);
}

function headerGetter(raw: Record<string, string | string[] | undefined>) {
  // undici gives lower-case names; fetch's Headers join repeated values with ", ".
  return (name: string): string | null => {
    const value = raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
}

export class SubgraphPool {
  private readonly pool: Pool;
  private readonly path: string;
  private closing?: Promise<void>;

  /** `url`: the subgraph's GraphQL endpoint (its path is the path of every request). */
  constructor(
    private readonly url: string,
    options: SubgraphPoolOptions,
  ) {
    const parsed = new URL(url);
    this.path = parsed.pathname + parsed.search;
    this.pool = new Pool(parsed.origin, {
      connections: options.connections,
      pipelining: 1,
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** POSTs `body` with `headers`; rejects with SubgraphNoReply when no reply came. */
  async post(headers: Record<string, string>, body: string): Promise<SubgraphReply> {
    let text: string;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.pool.request({ path: this.path, method: 'POST', headers, body });
      text = await res.body.text();
    } catch (err) {
      throw noReply(err);
    }
    const { statusCode } = res;
    const get = headerGetter(res.headers);
    return {
      ok: statusCode >= 200 && statusCode < 300,
      status: statusCode,
      // undici keeps no reason phrase: the standard one, as Apollo quotes it in messages ("403: Forbidden").
      statusText: STATUS_CODES[statusCode] ?? '',
      url: this.url,
      headers: { get },
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
    };
  }

  /** Closes the connections once the fetches in flight are answered; safe to call more than once. */
  close(): Promise<void> {
    return (this.closing ??= this.pool.close());
  }
}

/**
 * One pool per subgraph for the gateway's life: Apollo builds new data sources when the
 * supergraph is reloaded, and they must share, not multiply, the connections.
 */
export class SubgraphPools {
  private readonly pools = new Map<string, SubgraphPool>();

  constructor(private readonly connections: number) {}

  for(url: string, timeoutMs: number): SubgraphPool {
    const key = `${timeoutMs} ${url}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new SubgraphPool(url, { connections: this.connections, timeoutMs });
      this.pools.set(key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}
