/**
 * npm run -s token -- --role <role> [--community <code>] [--subject <id>] [--expires 8h]
 * Prints a development bearer token signed with JWT_SECRET (or the development secret).
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../platform/auth/caller';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../platform/auth/tokens';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, community: { type: 'string' }, subject: { type: 'string' }, expires: { type: 'string', default: '8h' } },
  });
  if (!values.role || !(ROLES as readonly string[]).includes(values.role)) {
    console.error(`--role is required and must be one of: ${ROLES.join(', ')}`);
    process.exit(2);
  }
  if (values.role === 'community' && !values.community) {
    console.error('--community <12-digit community code> is required for the community role (e.g. 510114001001)');
    process.exit(2);
  }
  const token = await mintToken(process.env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET, {
    role: values.role as Role,
    community: values.community,
    subject: values.subject,
    expiresIn: values.expires,
  });
  console.log(token);
}

void main();
