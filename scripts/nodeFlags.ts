/** The Node flags the services run with (npm start, scripts/start.ts), shared with the benchmark so it runs them alike. */

/**
 * Source-mapped stack traces; a 1 MB young generation (V8's default grows it to 16 MB): an
 * idle development service keeps ~15 MB less, for a few more (short) scavenges under load.
 */
export const NODE_FLAGS: readonly string[] = ['--enable-source-maps', '--max-semi-space-size=1'];

/**
 * The gateway answers every department's reads: under load it spent 20–35 % more CPU per request
 * with a 1 MB young generation than with V8's default 16 MB (issue 11's profile); 4 MB is the
 * middle ground, a few MB more resident memory for far fewer scavenges.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--enable-source-maps', '--max-semi-space-size=4'];
