/** npm run compose [-- --check]: writes (or checks) schema/supergraph.graphql. */
import { writeFileSync, existsSync } from 'node:fs';
import { composeSupergraph, readCommittedSupergraph, SUPERGRAPH_FILE } from './composeSupergraph';

function main(): void {
  const fresh = composeSupergraph();
  if (process.argv.includes('--check')) {
    const committed = existsSync(SUPERGRAPH_FILE) ? readCommittedSupergraph() : '';
    if (committed !== fresh) {
      console.error('schema/supergraph.graphql differs from a fresh composition of schema/*.graphql. Run `npm run compose` and commit the result.');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql matches a fresh composition.');
    return;
  }
  writeFileSync(SUPERGRAPH_FILE, fresh);
  console.log(`Wrote ${SUPERGRAPH_FILE}`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
