/**
 * /healthz: the gateway process is up. /readyz: it can serve the graph, i.e. every subgraph
 * answers its own /healthz within the budget; the body says which do not.
 */
import type { Request, Response } from 'express';

export interface Readiness {
  ready: boolean;
  subgraphs: Record<string, 'up' | 'down'>;
}

export async function checkReadiness(subgraphUrls: Record<string, string>, timeoutMs: number): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        return [name, res.ok ? 'up' : 'down'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  const subgraphs = Object.fromEntries(entries);
  return { ready: entries.every(([, s]) => s === 'up'), subgraphs };
}

export function readyzHandler(subgraphUrls: Record<string, string>, timeoutMs: number) {
  return async (_req: Request, res: Response): Promise<void> => {
    const readiness = await checkReadiness(subgraphUrls, timeoutMs);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  };
}
