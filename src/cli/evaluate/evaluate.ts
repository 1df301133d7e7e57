import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readJsonLines } from '../load/jsonl.js';
import { API_OPTIONS, load, openPopulation } from '../load/load.js';
import type { ApiClient } from '../load/api-client.js';
import {
  formatQuality,
  measureQuality,
  type LabelFact,
  type LifeEventFact,
  type SignalFact,
} from './quality.js';

import { EVALUATE_USAGE } from '../usage.js';
import { recommendedAction } from '../../domain/detection/recommended-action.js';
import { noisyOr, severityFor } from '../../domain/detection/scoring.js';
import type { Severity, SignalCategory } from '../../domain/values/enums.js';

interface Label {
  customer_id: string;
  typology: string;
  category: string;
  start_at: string;
  transaction_external_ids: string[];
}

/** The first day of the month `months` before end_date: evaluation months are scored live, the rest is history. */
function evaluationStart(endDate: string, months: number): string {
  const end = new Date(`${endDate}T00:00:00Z`);
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months, 1)).toISOString().slice(0, 10);
}

async function labelFacts(dir: string): Promise<LabelFact[]> {
  const labels: Label[] = [];
  for await (const label of readJsonLines<Label>(join(dir, 'labels.jsonl'))) labels.push(label);
  const wanted = new Map(labels.map((l) => [l.customer_id, new Set(l.transaction_external_ids)]));
  const rows = new Map<string, { atMs: number; amountMinor: number; debit: boolean }[]>();
  for await (const t of readJsonLines<{
    customer_id: string;
    external_id: string;
    occurred_at: string;
    amount: number;
    direction: string;
  }>(join(dir, 'transactions.jsonl'))) {
    if (!wanted.get(t.customer_id)?.has(t.external_id)) continue;
    rows.set(t.customer_id, [
      ...(rows.get(t.customer_id) ?? []),
      {
        atMs: Date.parse(t.occurred_at),
        amountMinor: Math.round(t.amount * 100),
        debit: t.direction === 'DEBIT',
      },
    ]);
  }
  return labels.map((l) => {
    const own = rows.get(l.customer_id) ?? [];
    return {
      customerId: l.customer_id,
      typology: l.typology,
      category: l.category,
      startMs: Date.parse(l.start_at),
      debits: own.filter((r) => r.debit),
      transactionCount: own.length,
      transactionTimes: own.map((r) => r.atMs),
    };
  });
}

async function lifeEventFacts(dir: string): Promise<LifeEventFact[]> {
  const facts: LifeEventFact[] = [];
  try {
    for await (const l of readJsonLines<{
      customer_id: string;
      kind: string;
      start_at: string;
      transaction_external_ids: string[];
      event_external_ids: string[];
    }>(join(dir, 'life_events.jsonl')))
      facts.push({
        customerId: l.customer_id,
        kind: l.kind,
        startMs: Date.parse(l.start_at),
        externalIds: [...l.transaction_external_ids, ...l.event_external_ids],
      });
  } catch (error) {
    // A population simulated before life events were labelled has no such file.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return facts;
}

interface SignalJson {
  profile_id: string;
  customer_id: string;
  signal_category: SignalCategory;
  first_seen_at: string;
  last_seen_at: string;
  evidence: {
    rule_name: string;
    rule_type: string;
    weight: number;
    severity: Severity;
    occurred_at: string;
    transaction_ids: string[];
    event_ids: string[];
  }[];
}

/**
 * What the ingest response said about the item that opened the signal: its evidence at first_seen_at
 * weighed as scoring weighs one item (noisy-OR of the weights, the highest rule severity), and the
 * rule of thumb applied to it. Evidence cut from a long signal's list counts as no hold.
 */
function heldOpeningDebit(signal: SignalJson): boolean {
  const opening = signal.evidence.filter((e) => e.occurred_at === signal.first_seen_at);
  const measured = opening.filter((e) => e.rule_type !== 'CONTEXT_MODIFIER');
  if (measured.length === 0 || opening.every((e) => e.transaction_ids.length === 0)) return false;
  const severity = severityFor(
    noisyOr(opening.map((e) => e.weight)),
    measured.map((e) => ({ severity: e.severity, category: signal.signal_category, occurredAtMs: 0 })),
  );
  return (
    recommendedAction({ status: 'ACTIVE', category: signal.signal_category, severity }) === 'HOLD_PAYMENT'
  );
}

/** The bank's external IDs of a signal's evidence rows, read back one by one through the API. */
async function evidenceExternalIds(
  api: ApiClient,
  signal: SignalJson,
  cache: Map<string, string>,
): Promise<string[]> {
  const paths = signal.evidence.flatMap((e) => [
    ...e.transaction_ids.map((id) => `/profiles/${signal.profile_id}/transactions/${id}`),
    ...e.event_ids.map((id) => `/profiles/${signal.profile_id}/events/${id}`),
  ]);
  const ids: string[] = [];
  for (const path of new Set(paths)) {
    let externalId = cache.get(path);
    if (externalId === undefined) {
      externalId = (await api.get<{ external_id: string }>(path)).external_id;
      cache.set(path, externalId);
    }
    ids.push(externalId);
  }
  return ids;
}

/**
 * `vigil evaluate`: loads a simulated population through the public API (history unscored, the
 * evaluation months scored live), then measures the signals against the labels (detection.md §5).
 */
export async function evaluate(args: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...API_OPTIONS,
      'eval-months': { type: 'string', default: '6' },
      'skip-load': { type: 'boolean', default: false },
    },
  });
  const { dir, manifest, api, connection } = await openPopulation(positionals[0], values, EVALUATE_USAGE);
  const evalMonths = Number(values['eval-months']);
  const liveFrom = evaluationStart(manifest.end_date, evalMonths);
  if (!values['skip-load']) await load([dir, ...connection, '--live-from', liveFrom]);

  const labels = await labelFacts(dir);
  const victims = new Set(labels.map((l) => l.customerId));
  const signals: SignalFact[] = [];
  const externalIds = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`;
    const page = await api.get<{ data: SignalJson[]; next_cursor: string | null }>(
      `/signals?limit=200${query}`,
    );
    for (const s of page.data)
      signals.push({
        customerId: s.customer_id,
        category: s.signal_category,
        firstSeenMs: Date.parse(s.first_seen_at),
        lastSeenMs: Date.parse(s.last_seen_at),
        rules: [...new Set(s.evidence.map((e) => e.rule_name))],
        heldOpeningDebit: heldOpeningDebit(s),
        // Only false signals are traced back to life events.
        externalIds: victims.has(s.customer_id) ? [] : await evidenceExternalIds(api, s, externalIds),
      });
    cursor = page.next_cursor;
  } while (cursor !== null);

  const report = measureQuality({
    labels,
    signals,
    profiles: manifest.profiles,
    months: evalMonths,
    lifeEvents: await lifeEventFacts(dir),
    evaluationFromMs: Date.parse(`${liveFrom}T00:00:00Z`),
  });
  return `evaluation months: ${liveFrom} to ${manifest.end_date} (${evalMonths}), signals: ${signals.length}\n${formatQuality(report)}`;
}
