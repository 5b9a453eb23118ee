/**
 * Who is calling, as the gateway established it from the bearer token. The gateway forwards it
 * to subgraphs in one header, covered by its proof (gatewayProof.ts); subgraphs read it back into
 * their request context, where field permissions (fieldPolicy.ts) and the audit use it.
 */
import { z } from 'zod';

/** The roles a person's token may carry: the departments and supervision. */
export const ROLES = ['civil-affairs', 'hrss', 'health', 'community', 'supervision'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles of the platform's own services. Only tokens the platform mints for itself with its
 * internal secret carry them (serviceTokens.ts); a person's token naming one is refused.
 */
export const SERVICE_ROLES = ['reconciliation'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export const CALLER_ROLES = [...ROLES, ...SERVICE_ROLES] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

export const isServiceRole = (role: string): role is ServiceRole => (SERVICE_ROLES as readonly string[]).includes(role);

export const Caller = z.object({
  /** The token's subject: a person or an application (`service:<name>` for the platform's services). */
  subject: z.string().min(1).max(200),
  role: z.enum(CALLER_ROLES),
  /** Community code, for community workers: they act for that community alone. */
  community: z.string().regex(/^\d{12}$/).optional(),
});
export type Caller = z.output<typeof Caller>;

/** Header the gateway uses to tell a subgraph who the caller is. */
export const CALLER_HEADER = 'x-resident-graph-caller';

export function encodeCaller(caller: Caller): string {
  return Buffer.from(JSON.stringify(caller)).toString('base64url');
}

/** The caller from the header, or null when absent or malformed. */
export function decodeCaller(header: string | undefined): Caller | null {
  if (!header) return null;
  try {
    const parsed = Caller.safeParse(JSON.parse(Buffer.from(header, 'base64url').toString('utf8')));
    // A community worker acts for one community: without it the caller is not well formed.
    return parsed.success && (parsed.data.role !== 'community' || parsed.data.community) ? parsed.data : null;
  } catch {
    return null;
  }
}
