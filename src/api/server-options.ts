import type { Config } from '../config.js';

// A hop count is what Fastify does with a number too; its types only take the function form.
function trustProxy(setting: Config['trustProxy']) {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return typeof setting === 'boolean' ? setting : [...setting];
}

/**
 * The server options of the operator's settings (docs/security.md): whose X-Forwarded-For names the
 * client (TRUST_PROXY), and how long a client may take to send its request. A client must send its
 * whole request within requestTimeoutMs (slow bodies would hold sockets and memory otherwise); Node
 * checks open requests every connectionsCheckingInterval, so that interval follows the timeout.
 */
export function serverOptions(config: Config) {
  const requestTimeout = config.requestTimeoutMs;
  return {
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustProxy(config.trustProxy),
    requestTimeout,
    connectionTimeout: config.connectionTimeoutMs,
    http: {
      headersTimeout: Math.min(60_000, requestTimeout),
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(requestTimeout / 4))),
    },
  };
}
