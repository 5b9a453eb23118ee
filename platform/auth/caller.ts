/**
 * Who is calling, as the gateway established it from the bearer token. The gateway forwards it
 * to subgraphs in one header; subgraphs read it back into their request context, where
 * per-field permissions and auditing (a later issue) will use it.
 */
import { z } from 'zod';

export const ROLES = ['civil-affairs', 'hrss', 'health', 'community', 'supervision'] as const;
export type Role = (typeof ROLES)[number];

export const Caller = z.object({
  /** The token's subject: a person or an application. */
  subject: z.string().min(1).max(200),
  role: z.enum(ROLES),
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
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
