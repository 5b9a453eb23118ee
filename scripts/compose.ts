/**
 * npm run compose [-- --allow-breaking]: writes schema/supergraph.graphql.
 * npm run compose:check: fails when a subgraph SDL breaks the committed supergraph's API (one
 * message per change) or when the committed file is not a fresh composition.
 * `--schema-dir <dir>` reads another copy of schema/ (the tests' temporary copies).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareSupergraphs, type SchemaChanges } from './breakingChanges';
import { composeSupergraph, readCommittedSupergraph, readSubgraphSdls, SCHEMA_DIR } from './composeSupergraph';

export interface ComposeOptions {
  /** Check only: write nothing. */
  check: boolean;
  /** Write a supergraph even though it breaks the committed API (once no client uses what goes). */
  allowBreaking: boolean;
  /** @default schema/ */
  schemaDir: string;
}

export interface ComposeOutput {
  info(line: string): void;
  error(line: string): void;
}

function report(changes: SchemaChanges, out: ComposeOutput): void {
  for (const c of changes.dangerous) out.info(`DANGEROUS ${c.message}`);
  if (changes.breaking.length === 0) return;
  out.error(`${changes.breaking.length} breaking change(s) against the committed supergraph (clients written against it would fail):`);
  for (const c of changes.breaking) out.error(`BREAKING ${c.message}`);
}

/** Runs compose or compose:check; returns the process's exit code. */
export async function compose(options: ComposeOptions, out: ComposeOutput): Promise<number> {
  const supergraphFile = join(options.schemaDir, 'supergraph.graphql');
  const fresh = composeSupergraph(readSubgraphSdls(options.schemaDir));
  const committed = existsSync(supergraphFile) ? readCommittedSupergraph(supergraphFile) : undefined;
  // A first composition has nothing to break.
  const changes = committed === undefined ? { breaking: [], dangerous: [] } : await compareSupergraphs(committed, fresh);
  report(changes, out);
  const breaks = changes.breaking.length > 0;

  if (options.check) {
    if (committed !== fresh) out.error('schema/supergraph.graphql differs from a fresh composition of schema/*.graphql. Run `npm run compose` and commit the result.');
    if (breaks || committed !== fresh) return 1;
    out.info('schema/supergraph.graphql matches a fresh composition; no breaking change.');
    return 0;
  }
  if (breaks && !options.allowBreaking) {
    out.error('Nothing written. Make the change additive as said above, or, once no client uses what goes, run `npm run compose -- --allow-breaking`.');
    return 1;
  }
  writeFileSync(supergraphFile, fresh);
  out.info(`Wrote ${supergraphFile}`);
  return 0;
}

function optionsFrom(argv: string[]): ComposeOptions {
  const dirAt = argv.indexOf('--schema-dir');
  return { check: argv.includes('--check'), allowBreaking: argv.includes('--allow-breaking'), schemaDir: dirAt >= 0 && argv[dirAt + 1] ? argv[dirAt + 1] : SCHEMA_DIR };
}

if (require.main === module) {
  compose(optionsFrom(process.argv.slice(2)), { info: (l) => console.log(l), error: (l) => console.error(l) })
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    });
}
