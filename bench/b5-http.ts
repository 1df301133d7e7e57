/**
 * B5 HTTP (performance.md): `GET /v1/profiles/{id}` through the whole app (auth: key hash lookup,
 * tenant check, rate limit; an audit-free read) against a bare Fastify route answering the same JSON
 * for the same paths, with the same autocannon settings; requests/s of each and their ratio.
 */
import { runLoad } from './lib/load.js';
import type { Fixture } from './lib/population.js';
import { startServer } from './lib/server.js';
import { summarize } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';

export interface B5Options {
  runs: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  log: (message: string) => void;
}

export async function runB5(fx: Fixture, options: B5Options): Promise<BenchResult> {
  const ids = [...fx.profileIds.values()];
  const payloads: Record<string, unknown> = {};
  for (const id of ids) payloads[id] = await fx.api.get(`/v1/profiles/${id}`);
  const bare = await startServer({ mode: 'bare', payloads });
  try {
    let cursor = 0;
    const load = (url: string, durationSeconds: number) =>
      runLoad({
        url,
        method: 'GET',
        headers: fx.api.headers,
        connections: options.connections,
        durationSeconds,
        next: () => ({ path: `/v1/profiles/${ids[cursor++ % ids.length] ?? ''}` }),
      });
    await load(fx.server.url, options.warmupSeconds);
    await load(bare.url, options.warmupSeconds);
    const app: number[] = [];
    const plain: number[] = [];
    const ratios: number[] = [];
    let errors = 0;
    for (let run = 0; run < options.runs; run++) {
      // Alternate which server goes first.
      const order = run % 2 === 0 ? [fx.server.url, bare.url] : [bare.url, fx.server.url];
      const rates = new Map<string, number>();
      for (const url of order) {
        const result =
          url === fx.server.url
            ? await fx.server.profile(`b5-app-run${run + 1}`, () => load(url, options.durationSeconds))
            : await load(url, options.durationSeconds);
        errors += result.errors;
        rates.set(url, result.requestsPerSecond);
      }
      const appRate = rates.get(fx.server.url) ?? 0;
      const bareRate = rates.get(bare.url) ?? 0;
      app.push(appRate);
      plain.push(bareRate);
      ratios.push(appRate / bareRate);
      options.log(`B5 run ${run + 1}: app ${Math.round(appRate)}/s, bare ${Math.round(bareRate)}/s`);
    }
    const ratio = summarize(ratios);
    return {
      lines: [
        {
          bench: 'B5 HTTP',
          metric: 'headline: app req/s / bare Fastify req/s',
          unit: 'percent',
          summary: ratio,
          goal: '≥ 60%',
          met: ratio.median >= 0.6,
        },
        {
          bench: 'B5 HTTP',
          metric: 'GET /v1/profiles/{id}, auth + tenant + rate limit (req/s)',
          unit: 'per_s',
          summary: summarize(app),
        },
        {
          bench: 'B5 HTTP',
          metric: 'bare Fastify route, same JSON (req/s)',
          unit: 'per_s',
          summary: summarize(plain),
        },
      ],
      notes: [
        `B5: autocannon ${options.connections} connections, ${options.durationSeconds} s a run after a ${options.warmupSeconds} s warm-up of each, paths cycling over ${ids.length} profiles, both servers in their own process (app: LOG_LEVEL=warn, so no per-request log lines; bare: Fastify defaults, no logger, no schema); ${errors} errors in all.`,
      ],
    };
  } finally {
    await bare.stop();
  }
}
