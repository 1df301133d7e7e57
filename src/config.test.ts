import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig() TRUST_PROXY', () => {
  test.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
    ['::1,fd00::/8', ['::1', 'fd00::/8']],
  ])('reads %j as %j', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  test('stops at boot on a value that is no address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'loadbalancer.internal' })).toThrow(
      'TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses and CIDRs, got "loadbalancer.internal"',
    );
  });
});

describe('loadConfig() timeouts', () => {
  test('defaults to 30 s for a request and 120 s for an idle connection, and takes other values', () => {
    expect(loadConfig({})).toMatchObject({ requestTimeoutMs: 30_000, connectionTimeoutMs: 120_000 });
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000', CONNECTION_TIMEOUT_MS: '9000' })).toMatchObject({
      requestTimeoutMs: 5000,
      connectionTimeoutMs: 9000,
    });
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(
      'REQUEST_TIMEOUT_MS must be a positive integer',
    );
  });
});
