import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiClient, type ApiClient } from './api-client.js';
import { forEachConcurrently, inBatches, readJsonLines } from './jsonl.js';
import type { Manifest } from '../../simulator/write.js';
import { createProgress } from './progress.js';
import { LOAD_USAGE } from '../usage.js';

/** The options of every command that drives the API with a simulated population. */
export const API_OPTIONS = {
  url: { type: 'string', default: 'http://127.0.0.1:8080/v1' },
  tenant: { type: 'string' },
  key: { type: 'string' },
} as const;

/** The population written by `vigil simulate` in `dir`, and a client of the API the options name. */
export async function openPopulation(
  dir: string | undefined,
  values: { url: string; tenant?: string; key?: string },
  usage: string,
): Promise<{ dir: string; manifest: Manifest; api: ApiClient; connection: string[] }> {
  const { url, tenant, key } = values;
  if (dir === undefined || tenant === undefined || key === undefined)
    throw new Error(`usage: vigil ${usage}`);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  return {
    dir,
    manifest,
    api: createApiClient({ url, tenantId: tenant, key }),
    // The same options again, for a command that runs another.
    connection: ['--url', url, '--tenant', tenant, '--key', key],
  };
}

interface Timed {
  customer_id: string;
  occurred_at: string;
}

export interface LoadSummary {
  profiles: number;
  historyTransactions: number;
  liveTransactions: number;
  events: number;
  seconds: number;
}

/** The first day of the month before end_date: by default the last month is loaded live, the rest as history. */
export function defaultLiveFrom(endDate: string): string {
  const end = new Date(`${endDate}T00:00:00Z`);
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
}

async function loadProfiles(
  api: ApiClient,
  dir: string,
  total: number,
  concurrency: number,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const progress = createProgress('profiles    ', total);
  await forEachConcurrently(
    readJsonLines<{ customer_id: string }>(join(dir, 'profiles.jsonl')),
    concurrency,
    async (profile) => {
      const res = await api.request<{ id?: string; code?: string }>('POST', '/profiles', profile);
      if (res.status === 201 && res.body.id !== undefined) ids.set(profile.customer_id, res.body.id);
      else if (res.body.code === 'PROFILE_ALREADY_EXISTS') {
        const page = await api.get<{ data: { id: string }[] }>(
          `/profiles?customer_id=${encodeURIComponent(profile.customer_id)}`,
        );
        if (page.data[0]) ids.set(profile.customer_id, page.data[0].id);
      } else
        throw new Error(`profile ${profile.customer_id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      progress.add(1);
    },
  );
  progress.finish();
  return ids;
}

/** Streams one file through a feed route in batches, keeping the rows on one side of live_from. */
async function loadFeed(
  api: ApiClient,
  options: {
    file: string;
    route: string;
    key: string;
    label: string;
    total: number;
    live: boolean;
    liveFromMs: number;
    batch: number;
    concurrency: number;
  },
): Promise<number> {
  const { file, route, key, live, liveFromMs } = options;
  async function* rows() {
    for await (const row of readJsonLines<Timed>(file)) {
      if (Date.parse(row.occurred_at) >= liveFromMs === live) yield row;
    }
  }
  const progress = createProgress(options.label, options.total);
  let sent = 0;
  // Live rows go one batch at a time: each is scored against the history that came before it.
  await forEachConcurrently(
    inBatches(rows(), options.batch),
    live ? 1 : options.concurrency,
    async (batch) => {
      await api.post(`${route}?scoring=${String(live)}`, { [key]: batch }, [201]);
      sent += batch.length;
      progress.add(batch.length);
    },
  );
  progress.finish();
  return sent;
}

/** `vigil load`: pushes a simulated population through the public API (history unscored, then the live rest). */
export async function load(args: string[]): Promise<LoadSummary> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...API_OPTIONS,
      'live-from': { type: 'string' },
      baselines: { type: 'boolean', default: false },
      batch: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '4' },
    },
  });
  const { dir, manifest, api } = await openPopulation(positionals[0], values, LOAD_USAGE);
  const liveFrom = values['live-from'] ?? defaultLiveFrom(manifest.end_date);
  const common = {
    liveFromMs: Date.parse(`${liveFrom}T00:00:00Z`),
    batch: Number(values.batch),
    concurrency: Number(values.concurrency),
  };
  const startedAt = performance.now();

  const ids = await loadProfiles(api, dir, manifest.counts.profiles, common.concurrency);
  const events = join(dir, 'events.jsonl');
  const transactions = join(dir, 'transactions.jsonl');
  const { counts } = manifest;
  let eventCount = await loadFeed(api, {
    ...common,
    file: events,
    route: '/events',
    key: 'events',
    label: 'events      ',
    total: counts.events,
    live: false,
  });
  const historyTransactions = await loadFeed(api, {
    ...common,
    file: transactions,
    route: '/transactions',
    key: 'transactions',
    label: 'history     ',
    total: counts.transactions,
    live: false,
  });
  if (values.baselines) {
    const progress = createProgress('baselines   ', ids.size);
    await forEachConcurrently(ids.values(), common.concurrency, async (id) => {
      await api.post(`/profiles/${id}/baseline`, {});
      progress.add(1);
    });
    progress.finish();
  }
  eventCount += await loadFeed(api, {
    ...common,
    file: events,
    route: '/events',
    key: 'events',
    label: 'live events ',
    total: counts.events - eventCount,
    live: true,
  });
  const liveTransactions = await loadFeed(api, {
    ...common,
    file: transactions,
    route: '/transactions',
    key: 'transactions',
    label: 'live        ',
    total: counts.transactions - historyTransactions,
    live: true,
  });
  return {
    profiles: ids.size,
    historyTransactions,
    liveTransactions,
    events: eventCount,
    seconds: (performance.now() - startedAt) / 1000,
  };
}
