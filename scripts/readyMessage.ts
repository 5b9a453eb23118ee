/**
 * What `npm start` prints once every service answers: each service's URL on the port it was
 * actually given (`<NAME>_PORT` or the default), and the example request and pages on the
 * gateway's port, so the table never points at 4000 while the gateway listens elsewhere.
 */
import { envPrefix, SERVICES, type ServiceEntry } from '../platform/services';

/** The port a service listens on under `env`: `<NAME>_PORT`, or the contract's default. */
export function configuredPort(entry: ServiceEntry, env: NodeJS.ProcessEnv): number {
  const fromEnv = env[`${envPrefix(entry.name)}_PORT`];
  return fromEnv ? Number(fromEnv) : entry.port;
}

export function readyMessage(env: NodeJS.ProcessEnv, seconds: number, services: readonly ServiceEntry[] = SERVICES): string {
  const rows = services.map((s) => {
    const base = `http://127.0.0.1:${configuredPort(s, env)}`;
    const url = s.kind === 'system' ? base : `${base}/graphql`;
    return `  ${s.kind.padEnd(9)} ${s.name.padEnd(27)} ${url}`;
  });
  const gateway = `127.0.0.1:${configuredPort(services.find((s) => s.kind === 'gateway')!, env)}`;
  return [
    '',
    `All services ready in ${seconds.toFixed(1)} s:`,
    ...rows,
    '',
    'Try:  TOKEN=$(npm run -s token -- --role civil-affairs)',
    `      curl -s ${gateway}/graphql -H "authorization: Bearer $TOKEN" -H "content-type: application/json" -H "x-purpose: benefit review" \\`,
    `        -d '{"query":"{ residents(first: 3) { nodes { idNumber name subsistenceAllowance { status } elderlySubsidy { status } vitalStatus { deceased } } } }"}'`,
    `Pages:  http://${gateway}/desk (department desk), http://${gateway}/qr (QR codes for a community office)`,
    // The gateway serves the explorer outside production only (gateway/explorer.ts).
    ...(env.NODE_ENV === 'production' ? [] : [`Explorer: http://${gateway}/explorer (GraphiQL signed in as a role you pick; development only)`]),
    'Press Ctrl-C to stop everything.',
    '',
  ].join('\n');
}
