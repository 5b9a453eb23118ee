/**
 * The supergraph the gateway serves, from a file it keeps watching: a new composition (npm run
 * compose, a deployment's config map) is picked up without a restart. A file that is not a valid
 * supergraph, or that names a subgraph the gateway has no URL for, is refused: the gateway keeps
 * serving the one it has and logs why. At start-up a bad file is an error (nothing to fall back on).
 */
import type { SupergraphSdlHook } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../platform/logger';

export interface SupergraphFileOptions {
  /** Path of the composed supergraph (SUPERGRAPH_FILE). */
  file: string;
  /** The subgraphs the gateway has a URL for: a supergraph naming another is refused. */
  knownSubgraphs: readonly string[];
  logger: Logger;
  /** Quiet time after the last change before the file is read: editors and `mv` write in several steps. @default 200 (ms) */
  debounceMs?: number;
}

/** Why a supergraph file cannot be served, in words an operator can act on. */
export class SupergraphRefused extends Error {
  readonly code = 'SUPERGRAPH_REFUSED';
}

/** Reads and validates the file; throws SupergraphRefused naming what is wrong and what to do. */
export function readSupergraph(file: string, knownSubgraphs: readonly string[]): string {
  let sdl: string;
  try {
    sdl = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SupergraphRefused(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): set SUPERGRAPH_FILE to the file npm run compose writes.`);
  }
  let names: string[];
  try {
    // Parses, checks the join directives and builds the API schema: what the gateway will plan on.
    const supergraph = Supergraph.build(sdl);
    supergraph.apiSchema();
    names = supergraph.subgraphsMetadata().map((s) => s.name);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new SupergraphRefused(`${file} is not a valid supergraph (${reason}): write it with npm run compose, which composes schema/*.graphql.`);
  }
  const unknown = names.filter((n) => !knownSubgraphs.includes(n));
  if (unknown.length) throw new SupergraphRefused(`${file} names subgraph(s) ${unknown.join(', ')} the gateway has no URL for: add them to SERVICES in platform/services.ts and restart the gateway with their <NAME>_URL.`);
  return sdl;
}

/** @apollo/gateway's `supergraphSdl` hook: the file now, and every valid change to it later. */
export function supergraphFromFile(options: SupergraphFileOptions): SupergraphSdlHook {
  const { file, knownSubgraphs, logger } = options;
  return async ({ update }) => {
    let current = readSupergraph(file, knownSubgraphs);
    let timer: NodeJS.Timeout | undefined;
    const reload = () => {
      let next: string;
      try {
        next = readSupergraph(file, knownSubgraphs);
      } catch (err) {
        logger.error('supergraph file refused; still serving the previous supergraph', { file, reason: err instanceof Error ? err.message : String(err) });
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        logger.info('supergraph reloaded from file', { file });
      } catch (err) {
        logger.error('supergraph file refused by the gateway; still serving the previous supergraph', { file, reason: err instanceof Error ? err.message.split('\n')[0] : String(err) });
      }
    };
    // The folder, not the file: an atomic replace (write elsewhere, rename over) or a Kubernetes
    // config map's symlink swap gives the file a new inode a file watch would not follow.
    const watcher: FSWatcher = watch(dirname(file), (_event, name) => {
      if (name && name !== basename(file) && !name.startsWith('..')) return;
      clearTimeout(timer);
      timer = setTimeout(reload, options.debounceMs ?? 200).unref();
    });
    // Closed by the gateway's stop(); never the reason a process stays up.
    watcher.unref();
    watcher.on('error', (err) => logger.error('supergraph file watch failed; restart the gateway to load a new supergraph', { file, reason: err.message }));
    return {
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(timer);
        watcher.close();
      },
    };
  };
}
