import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Fixed total request rate (autocannon overallRate); omitted = as fast as the connections go. */
  overallRate?: number;
  headers: Record<string, string>;
  method: 'GET' | 'POST';
  /** The path (and body) of each request in turn: every call returns the next one. */
  next: () => { path: string; body?: string };
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  total: number;
  ok: number;
  /** Connection errors (timeouts included) and non-2xx answers. */
  errors: number;
}

/** One autocannon run against a listening server (load generated in this process, server in another). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    headers: options.headers,
    requests: [
      {
        method: options.method,
        setupRequest: (request) => {
          const { path, body } = options.next();
          return body === undefined ? { ...request, path } : { ...request, path, body };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    total: result.requests.total,
    ok,
    errors: result.errors + result.non2xx,
  };
}
