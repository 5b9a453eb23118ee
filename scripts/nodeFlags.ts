/** The Node flags the services run with (npm start, scripts/start.ts), shared with the benchmark so it runs them alike. */

/**
 * Old-space limit of the subgraphs and stand-ins, in MB. V8 lets a heap grow past its live data
 * by a factor it scales with this limit (src/heap/heap-controller.cc, MaxGrowingFactor): up to 4×
 * from 2 GB up (the default limit is about 4 GB on a 24 GB machine), 1.3× at 256 MB and below.
 * With the default, issue 11's load grew the subgraphs to 208–396 MB resident, mostly garbage not
 * yet collected; with 256 MB they peak at 115–154 MB. 256, not less: the same growth factor as any
 * lower limit, with the most headroom before an out-of-memory crash (npm start hosts every
 * department in one process).
 */
const MAX_OLD_SPACE_MB = 256;

/**
 * A 4 MB young generation (V8's default grows it to 16 MB), the services' and every gateway's:
 * with 1 MB a request's objects outlive two scavenges and are promoted, and under the tighter
 * old-space growth above the busiest subgraph (community) spent 14–40 % more CPU on the same
 * requests in alternated runs; with 4 MB it spent the same as without the limit. The gateway
 * first took 4 MB because with 1 MB it spent 20–35 % more CPU per request (issue 11's profile).
 */
const YOUNG_GENERATION = '--max-semi-space-size=4';

/** Source-mapped stack traces, and the two heap bounds above. */
export const NODE_FLAGS: readonly string[] = ['--enable-source-maps', YOUNG_GENERATION, `--max-old-space-size=${MAX_OLD_SPACE_MB}`];

/**
 * The gateways' flags (the peers' too in the bench). A 1024 MB old space lets the gateway's heap
 * grow to about 1.6× its live data (MaxGrowingFactor between 256 MB and 2 GB): at 1.3× it spent
 * about 30 % more CPU on the same requests (20.1 vs 15.3 CPU s in alternated runs), for 184 MB
 * peak instead of 173 (333–344 MB with no limit).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--enable-source-maps', YOUNG_GENERATION, '--max-old-space-size=1024'];
