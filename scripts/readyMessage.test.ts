import { SERVICES } from '../platform/services';
import { readyMessage } from './readyMessage';

describe('the table npm start prints', () => {
  it('shows every service on its default port when no <NAME>_PORT is set', () => {
    const text = readyMessage({}, 1.2);
    for (const s of SERVICES) expect(text).toContain(`127.0.0.1:${s.port}`);
  });

  it('shows the configured ports, and points the example request and the pages at the gateway’s own port', () => {
    const text = readyMessage({ GATEWAY_PORT: '4900', HRSS_PORT: '4903' }, 1.2);
    expect(text).toMatch(/gateway\s+http:\/\/127\.0\.0\.1:4900\/graphql/);
    expect(text).toMatch(/hrss\s+http:\/\/127\.0\.0\.1:4903\/graphql/);
    expect(text).toContain('curl -s 127.0.0.1:4900/graphql');
    expect(text).toContain('http://127.0.0.1:4900/desk');
    expect(text).toContain('http://127.0.0.1:4900/explorer');
    expect(text).not.toMatch(/:4000\b|:4003\b/);
  });

  it('points at the GraphiQL explorer outside production only (the gateway serves it nowhere else)', () => {
    expect(readyMessage({}, 1.2)).toContain('http://127.0.0.1:4000/explorer');
    expect(readyMessage({ NODE_ENV: 'production' }, 1.2)).not.toContain('/explorer');
  });
});
