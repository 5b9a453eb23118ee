import { UpstreamError } from '../errors';
import { z } from 'zod';
import { parseJsonReply } from './jsonReply';

const reply = (status: number, body: string) => ({ status, headers: new Headers(), body });
const Shape = z.object({ code: z.string() });

describe('parseJsonReply', () => {
  it('returns the reply in the described shape', () => {
    expect(parseJsonReply('SOCIAL_INSURANCE', Shape, reply(200, '{"code":"0","extra":1}'))).toEqual({ code: '0' });
  });

  it.each([
    ['not JSON', '<html>gateway error</html>'],
    ['another shape', '{"status":"ok"}'],
  ])('turns a reply that is %s into SYSTEM_ERROR naming the system and status, without the body', (_what, body) => {
    const err = (() => {
      try {
        return parseJsonReply('SOCIAL_INSURANCE', Shape, reply(502, body));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ system: 'SOCIAL_INSURANCE', code: 'SYSTEM_ERROR', status: 502 });
    expect((err as Error).message).toMatch(/HTTP 502 in a shape this adapter does not know/);
    expect((err as Error).message).not.toContain(body);
  });
});
