import type { Metric, Registry } from 'prom-client';

interface RouteSeries {
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  buckets: number[];
  sum: number;
  count: number;
  byStatus: Map<number, number>;
}

/**
 * HTTP requests by method, route template and status, and their latency histogram, in prom-client's
 * exposition. prom-client's own Counter and Histogram build a label object, validate it and hash it
 * into a string on every observation, even through `labels()` children: a per-request allocation on
 * the hot path (B5's profile showed prom-client at about 5% of the server's busy time). Here a
 * request is two Map lookups and a few additions; the label objects are built only when scraped.
 */
export function registerRouteMetrics(registry: Registry, bounds: readonly number[]) {
  const byMethod = new Map<string, Map<string, RouteSeries>>();

  function seriesOf(method: string, route: string): RouteSeries {
    let routes = byMethod.get(method);
    if (!routes) {
      routes = new Map();
      byMethod.set(method, routes);
    }
    let series = routes.get(route);
    if (!series) {
      series = {
        buckets: new Array<number>(bounds.length + 1).fill(0),
        sum: 0,
        count: 0,
        byStatus: new Map(),
      };
      routes.set(route, series);
    }
    return series;
  }

  function* each() {
    for (const [method, routes] of byMethod) for (const [route, s] of routes) yield { method, route, s };
  }

  const requests = {
    name: 'vigil_http_requests_total',
    help: 'HTTP requests by route and status.',
    type: 'counter',
    aggregator: 'sum',
    get: () => {
      const values = [];
      for (const { method, route, s } of each())
        for (const [status, value] of s.byStatus)
          values.push({ labels: { method, route, status: String(status) }, value });
      return Promise.resolve({ ...requests, values });
    },
    reset: () => undefined,
  };
  const durations = {
    name: 'vigil_http_request_duration_seconds',
    help: 'HTTP request latency by route.',
    type: 'histogram',
    aggregator: 'sum',
    get: () => {
      const values = [];
      for (const { method, route, s } of each()) {
        let cumulative = 0;
        bounds.forEach((le, i) => {
          cumulative += s.buckets[i] ?? 0;
          values.push({
            metricName: `${durations.name}_bucket`,
            labels: { method, route, le },
            value: cumulative,
          });
        });
        values.push({
          metricName: `${durations.name}_bucket`,
          labels: { method, route, le: '+Inf' },
          value: s.count,
        });
        values.push({ metricName: `${durations.name}_sum`, labels: { method, route }, value: s.sum });
        values.push({ metricName: `${durations.name}_count`, labels: { method, route }, value: s.count });
      }
      return Promise.resolve({ ...durations, values });
    },
    reset: () => undefined,
  };
  // prom-client's registry only reads name, type, help and get() of what it holds.
  registry.registerMetric(requests as unknown as Metric);
  registry.registerMetric(durations as unknown as Metric);

  return (method: string, route: string, status: number, seconds: number): void => {
    const s = seriesOf(method, route);
    s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
    let i = 0;
    while (i < bounds.length && seconds > (bounds[i] ?? 0)) i++;
    s.buckets[i] = (s.buckets[i] ?? 0) + 1;
    s.sum += seconds;
    s.count += 1;
  };
}
