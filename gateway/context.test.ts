import type { Request } from 'express';
import type { GraphQLError } from 'graphql';
import { mintToken } from '../platform/auth/tokens';
import { gatewayConfig } from './config';
import { createAuthenticator } from './context';

const config = gatewayConfig({ NODE_ENV: 'test' });
const auth = createAuthenticator(config);
const request = (headers: Record<string, string>) => ({ headers }) as unknown as Request;
const bearer = async () => `Bearer ${await mintToken(config.jwtSecret, { role: 'health', subject: 'clerk-1' })}`;

describe('the gateway context', () => {
  it('carries the caller, the declared purpose and the client’s request id', async () => {
    const ctx = await auth(request({ authorization: await bearer(), 'x-purpose': '  death registration check ', 'x-request-id': 'abc-123' }));
    expect(ctx).toEqual({ caller: { subject: 'clerk-1', role: 'health' }, purpose: 'death registration check', requestId: 'abc-123', clientAddress: 'unknown' });
  });

  it('has no purpose when none is declared, and a request id of its own for one that is not a plain token', async () => {
    const ctx = await auth(request({ authorization: await bearer(), 'x-request-id': 'a b\u0000<script>' }));
    expect(ctx.purpose).toBeNull();
    expect(ctx.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a purpose longer than 200 characters with BAD_USER_INPUT', async () => {
    const refused = auth(request({ authorization: await bearer(), 'x-purpose': 'p'.repeat(201) }));
    await expect(refused).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: [{ path: ['X-Purpose'], rule: 'maxLength' }] } });
  });

  it('is UNAUTHENTICATED without a valid token, by either entry', async () => {
    await expect(auth(request({}))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    const wrong = await mintToken('another-secret-another-secret-another', { role: 'health' });
    const err = (await auth(request({ authorization: `Bearer ${wrong}` })).catch((e: GraphQLError) => e)) as GraphQLError;
    expect(err.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.7, ::1', ['10.0.0.0/8', '192.168.1.7', '::1']],
  ])('%s is read as %j', (value, expected) => {
    expect(gatewayConfig({ NODE_ENV: 'test', ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxy).toEqual(expected);
  });

  it.each(['true', 'anyone', '10.0.0.0/abc'])('refuses %s, naming the variable', (value) => {
    expect(() => gatewayConfig({ NODE_ENV: 'test', TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
