import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../src/resources/webhooks/webhooks.outbox.js';
import { createDb } from '../../src/store/create-db.js';
import { freePort, startServe, stopGracefully, type VigilProcess } from '../helpers/processes.js';

/**
 * Load (issue 12, standing defences): a real `vigil serve` under mixed traffic for a bounded time —
 * bulk ingest that raises signals, reads, reviews and reopens, and webhooks to a receiver that takes
 * RECEIVER_DELAY_MS to answer. Passes when there are 0 errors, memory stays flat (bound below) and
 * the outbox drains once traffic stops. VIGIL_SOAK_SECONDS sets the length (default 30).
 */
const SECONDS = Number(process.env.VIGIL_SOAK_SECONDS ?? 30);
const PROFILES = 24;
// Slow enough that deliveries queue behind the dispatcher's per-endpoint limit (2 in flight), fast
// enough that the outbox of a 30 s soak (a few thousand events) drains within the 90 s deadline.
const RECEIVER_DELAY_MS = 30;
// Memory is flat when the server's RSS in the last quarter exceeds its highest RSS of the first half
// (the warm-up: V8's heap and the caches reach their working size) by at most this much: room for
// caches that fill by design (the history cache holds a few MiB at this volume) and for a loaded
// CI machine, not for growth with every request.
const RSS_GROWTH_BOUND_MIB = 64;

/** Deterministic draws (mulberry32), so the traffic mix is the same on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return kib / 1024;
}

interface Tally {
  requests: number;
  errors: string[];
  byKind: Record<string, number>;
  /** Reviews answered 409 because late data had retracted the signal since it was listed. */
  retractedBeforeReview?: number;
}

describe('sqlite: soak of mixed traffic against vigil serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-soak-'));
  let server: VigilProcess | undefined;
  let receiver: Server | undefined;
  afterAll(async () => {
    if (server) await stopGracefully(server);
    receiver?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (receiver)
        receiver.close(() => {
          resolve();
        });
      else resolve();
    });
    rmSync(dir, { recursive: true, force: true });
  });

  test(
    `${SECONDS} s: 0 errors, memory flat, outbox drained`,
    { timeout: (SECONDS + 120) * 1000 },
    async () => {
      const received = new Set<string>();
      receiver = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          received.add(String(req.headers['webhook-id']));
          setTimeout(() => res.writeHead(204).end(), RECEIVER_DELAY_MS);
        });
      });
      await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
      const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/vigil`;

      const port = await freePort();
      const databaseUrl = `file:${join(dir, 'vigil.db')}`;
      server = await startServe({
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PRODUCTION_PER_MINUTE: '1000000',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      });
      const printed = server.output();
      const tenantId = /tenant ID\s+(\S+)/.exec(printed)![1]!;
      const key = /production key\s+(vgl_live_\S+)/.exec(printed)![1]!;
      const pid = server.child.pid!;

      const tally: Tally = { requests: 0, errors: [], byKind: {} };
      const RACED = Symbol('raced');
      const call = async (
        kind: string,
        method: string,
        path: string,
        body?: unknown,
        options: { raceStatus?: number } = {},
      ): Promise<unknown> => {
        tally.requests += 1;
        tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/v1${path}`, {
            method,
            headers: {
              authorization: `Bearer ${key}`,
              'x-tenant-id': tenantId,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          const text = await res.text();
          if (res.status === options.raceStatus) return RACED;
          if (res.status >= 300) {
            tally.errors.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
            return undefined;
          }
          return text === '' ? undefined : (JSON.parse(text) as unknown);
        } catch (error) {
          tally.errors.push(`${method} ${path} → ${String(error)}`);
          return undefined;
        }
      };

      const hook = (await call('setup', 'POST', '/webhooks', {
        url: hookUrl,
        events: [...WEBHOOK_EVENT_TYPES],
      })) as {
        id: string;
      };
      const profiles: string[] = [];
      for (let i = 0; i < PROFILES; i += 1) {
        const created = (await call('setup', 'POST', '/profiles', {
          customer_id: `SOAK-${i}`,
          customer_name: `Soak Customer ${i}`,
          date_of_birth: '1938-02-02',
          enrollment_reason: 'AGE_THRESHOLD',
        })) as { id: string };
        profiles.push(created.id);
      }

      const deadline = Date.now() + SECONDS * 1000;
      const samples: { at: number; rss: number }[] = [];
      const sampler = setInterval(() => samples.push({ at: Date.now(), rss: rssMiB(pid) }), 1000);
      let sequence = 0;

      const ingestLane = async (seed: number) => {
        const random = prng(seed);
        while (Date.now() < deadline) {
          const profile = profiles[Math.floor(random() * profiles.length)]!;
          const now = Date.now();
          const transactions = Array.from({ length: 10 }, (_, i) => {
            sequence += 1;
            const scam = i === 0 && random() < 0.3;
            return {
              external_id: `S-${seed}-${sequence}`,
              occurred_at: new Date(now - Math.floor(random() * 20 * 86_400_000)).toISOString(),
              amount: scam ? 800 : Math.round(random() * 30_000) / 100 + 1,
              direction: random() < 0.2 ? 'CREDIT' : 'DEBIT',
              channel: scam ? 'GIFT_CARD' : random() < 0.5 ? 'CARD' : 'ACH',
              counterparty_id: `CP-${Math.floor(random() * 12)}`,
            };
          });
          await call('ingest', 'POST', `/profiles/${profile}/transactions`, { transactions });
        }
      };

      const readLane = async (seed: number) => {
        const random = prng(seed);
        while (Date.now() < deadline) {
          const profile = profiles[Math.floor(random() * profiles.length)]!;
          const choice = Math.floor(random() * 5);
          if (choice === 0) await call('read', 'GET', '/profiles?limit=50');
          else if (choice === 1) await call('read', 'GET', '/signals?status=ACTIVE&limit=20');
          else if (choice === 2) await call('read', 'GET', `/profiles/${profile}/transactions?limit=50`);
          else if (choice === 3) await call('read', 'GET', `/profiles/${profile}`);
          else await call('read', 'GET', `/webhooks/${hook.id}/deliveries?limit=20`);
        }
      };

      // One lane reviews, so two reviews never race for one signal (that 409 is tested elsewhere). The
      // system can: the lanes ingest out of time order, and late data retracts a signal whose evidence
      // stopped holding (README "Late data"), so its review is 409. Only then is the 409 right.
      const reviewLane = async () => {
        const random = prng(99);
        while (Date.now() < deadline) {
          const page = (await call('read', 'GET', '/signals?status=ACTIVE&limit=5')) as
            { data: { id: string }[] } | undefined;
          const signal = page?.data[0];
          if (!signal) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            continue;
          }
          const confirm = random() < 0.5;
          const reviewed = await call(
            'review',
            'POST',
            `/signals/${signal.id}/review`,
            {
              status: confirm ? 'CONFIRMED' : 'DISMISSED',
              reason: confirm ? 'HOLD_PLACED' : 'LEGITIMATE_ACTIVITY',
            },
            { raceStatus: 409 },
          );
          if (reviewed === RACED) {
            tally.retractedBeforeReview = (tally.retractedBeforeReview ?? 0) + 1;
            const now = (await call('read', 'GET', `/signals/${signal.id}`)) as
              { retracted_at: string | null } | undefined;
            if (now?.retracted_at == null)
              tally.errors.push(
                `POST /signals/${signal.id}/review → 409, but late data had not retracted it`,
              );
            continue;
          }
          if (random() < 0.3) await call('review', 'POST', `/signals/${signal.id}/reopen`, {});
        }
      };

      await Promise.all([ingestLane(1), ingestLane(2), readLane(3), readLane(4), reviewLane()]);
      const trafficEnd = Date.now();

      // The outbox drains: every delivery attempted and succeeded, each event received once.
      const db = createDb(databaseUrl);
      let pending = -1;
      let deliveries: { status: string; event_id: string }[] = [];
      try {
        const drainDeadline = Date.now() + 90_000;
        while (Date.now() < drainDeadline) {
          deliveries = await db.kysely
            .selectFrom('webhook_deliveries')
            .select(['status', 'event_id'])
            .where('tenant_id', '=', tenantId)
            .execute();
          pending = deliveries.filter((d) => d.status === 'PENDING').length;
          if (pending === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      } finally {
        await db.close();
      }
      clearInterval(sampler);
      const drainSeconds = (Date.now() - trafficEnd) / 1000;

      const warm = samples.filter((s) => s.at <= trafficEnd - (SECONDS * 1000) / 2);
      const late = samples.filter((s) => s.at > trafficEnd - (SECONDS * 1000) / 4 && s.at <= trafficEnd);
      const warmRss = Math.max(...warm.map((s) => s.rss));
      const endRss = Math.max(...late.map((s) => s.rss));
      const peakRss = Math.max(...samples.map((s) => s.rss));
      const failed = deliveries.filter((d) => d.status !== 'SUCCEEDED');
      console.log(
        `[soak] sqlite ${SECONDS} s: ${tally.requests} requests (${Object.entries(tally.byKind)
          .map(([k, n]) => `${k} ${n}`)
          .join(
            ', ',
          )}), ${tally.errors.length} errors, ${tally.retractedBeforeReview ?? 0} reviews of signals late data retracted first; RSS after warm-up ${warmRss.toFixed(0)} MiB, ` +
          `at the end ${endRss.toFixed(0)} MiB, peak ${peakRss.toFixed(0)} MiB (bound +${RSS_GROWTH_BOUND_MIB} MiB); ` +
          `${deliveries.length} webhook deliveries, ${received.size} events received, outbox drained ${drainSeconds.toFixed(1)} s after traffic`,
      );

      expect(tally.errors.slice(0, 10)).toEqual([]);
      expect(tally.byKind.ingest ?? 0).toBeGreaterThan(20);
      expect(tally.byKind.review ?? 0).toBeGreaterThan(0);
      expect(endRss - warmRss).toBeLessThanOrEqual(RSS_GROWTH_BOUND_MIB);
      expect(pending).toBe(0);
      expect(failed).toEqual([]);
      expect(deliveries.length).toBeGreaterThan(0);
      expect(received.size).toBe(new Set(deliveries.map((d) => d.event_id)).size);
    },
  );
});
