/** The gateway's own settings for its path to the subgraphs: defaults, and a bad value named with its rule. */
import { gatewayConfig } from './config';

describe('the gateway’s connection and token-cache settings', () => {
  it('default to 64 connections per subgraph and 10,000 remembered tokens', () => {
    const config = gatewayConfig({ NODE_ENV: 'test' });
    expect(config.subgraphConnections).toBe(64);
    expect(config.tokenCacheSize).toBe(10_000);
  });

  it('take the values set, 0 switching the token cache off', () => {
    const config = gatewayConfig({ NODE_ENV: 'test', SUBGRAPH_CONNECTIONS: '8', TOKEN_CACHE_SIZE: '0' });
    expect(config.subgraphConnections).toBe(8);
    expect(config.tokenCacheSize).toBe(0);
  });

  it.each([
    ['SUBGRAPH_CONNECTIONS', '0', 'must be a whole number of connections from 1 to 1024'],
    ['SUBGRAPH_CONNECTIONS', '2.5', 'must be a whole number of connections from 1 to 1024'],
    ['TOKEN_CACHE_SIZE', '-1', 'must be a whole number of tokens from 0 (verify every request) to 1000000'],
  ])('refuses %s=%s, naming the setting and the rule', (name, value, rule) => {
    const load = () => gatewayConfig({ NODE_ENV: 'test', [name]: value });
    expect(load).toThrow(rule);
    expect(load).toThrow(name);
  });
});
