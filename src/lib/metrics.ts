/** A minimal Prometheus registry: request counters and a latency histogram, text exposition format. */
const BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function labels(pairs: Record<string, string>): string {
  const body = Object.entries(pairs)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
  return `{${body}}`;
}

export function createMetrics() {
  const requests = new Map<string, number>();
  const durations = new Map<string, Histogram>();
  const startedAtMs = Date.now();

  // Label strings are built once per method, route and status: observing a request allocates nothing.
  const counterKeys = new Map<string, string>();
  const histograms = new Map<string, Histogram>();

  function histogramFor(method: string, route: string): Histogram {
    const cacheKey = `${method} ${route}`;
    let histogram = histograms.get(cacheKey);
    if (!histogram) {
      histogram = { counts: BUCKETS_SECONDS.map(() => 0), sum: 0, count: 0 };
      histograms.set(cacheKey, histogram);
      durations.set(labels({ method, route }), histogram);
    }
    return histogram;
  }

  function counterKey(method: string, route: string, status: number): string {
    const cacheKey = `${method} ${route} ${status}`;
    let key = counterKeys.get(cacheKey);
    if (key === undefined) {
      key = labels({ method, route, status: String(status) });
      counterKeys.set(cacheKey, key);
    }
    return key;
  }

  return {
    observeRequest(method: string, route: string, status: number, seconds: number): void {
      const key = counterKey(method, route, status);
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const histogram = histogramFor(method, route);
      for (let i = 0; i < BUCKETS_SECONDS.length; i++) {
        if (seconds <= (BUCKETS_SECONDS[i] ?? 0)) histogram.counts[i] = (histogram.counts[i] ?? 0) + 1;
      }
      histogram.sum += seconds;
      histogram.count += 1;
    },

    render(): string {
      const lines = [
        '# HELP vigil_http_requests_total HTTP requests by route and status.',
        '# TYPE vigil_http_requests_total counter',
      ];
      for (const [key, value] of requests) lines.push(`vigil_http_requests_total${key} ${value}`);
      lines.push('# HELP vigil_http_request_duration_seconds HTTP request latency.');
      lines.push('# TYPE vigil_http_request_duration_seconds histogram');
      for (const [key, h] of durations) {
        const inner = key.slice(1, -1);
        BUCKETS_SECONDS.forEach((le, i) => {
          lines.push(`vigil_http_request_duration_seconds_bucket{${inner},le="${le}"} ${h.counts[i] ?? 0}`);
        });
        lines.push(`vigil_http_request_duration_seconds_bucket{${inner},le="+Inf"} ${h.count}`);
        lines.push(`vigil_http_request_duration_seconds_sum${key} ${h.sum}`);
        lines.push(`vigil_http_request_duration_seconds_count${key} ${h.count}`);
      }
      lines.push('# HELP vigil_process_uptime_seconds Seconds since the process started.');
      lines.push('# TYPE vigil_process_uptime_seconds gauge');
      lines.push(`vigil_process_uptime_seconds ${(Date.now() - startedAtMs) / 1000}`);
      return `${lines.join('\n')}\n`;
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
