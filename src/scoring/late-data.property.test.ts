/**
 * Issue 13, late data — the arrival-order property: whatever order a profile's items arrive in, and
 * however they are split into requests, the signals are the same as when they arrive in item order
 * (category, severity, score, amount at risk, time bounds and evidence; not IDs or creation times).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../test/helpers/activity.js';
import { DIALECTS } from '../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { manualClock } from '../lib/clock.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-02T12:00:00Z');
const START = NOW - 90 * DAY;

type Body = Record<string, unknown>;
const tx = (o: Body) => ({ kind: 'transactions' as const, body: o });
const ev = (o: Body) => ({ kind: 'events' as const, body: o });

// Items that fire rules alone or through each other: large debits to new payees (unless an earlier
// payment makes the payee known), wires, gift cards, a contact change then an outflow, a new device
// then a transfer, cash, credits and everyday card spending (the baseline).
const PALETTE: ((occurredAt: string) => { kind: 'transactions' | 'events'; body: Body })[] = [
  (o) =>
    tx({
      amount: 4000,
      channel: 'P2P',
      counterparty_id: 'NEPHEW',
      counterparty_type: 'INDIVIDUAL',
      occurred_at: o,
    }),
  (o) =>
    tx({
      amount: 60,
      channel: 'P2P',
      counterparty_id: 'NEPHEW',
      counterparty_type: 'INDIVIDUAL',
      occurred_at: o,
    }),
  (o) =>
    tx({
      amount: 2500,
      channel: 'ONLINE_TRANSFER',
      counterparty_id: 'FRIEND',
      counterparty_type: 'INDIVIDUAL',
      occurred_at: o,
    }),
  (o) =>
    tx({
      amount: 6000,
      channel: 'WIRE',
      counterparty_id: 'OVERSEAS-LTD',
      counterparty_type: 'BUSINESS',
      occurred_at: o,
    }),
  (o) => tx({ amount: 700, channel: 'GIFT_CARD', counterparty_id: 'STORE', occurred_at: o }),
  (o) => tx({ amount: 900, channel: 'ATM', occurred_at: o }),
  (o) => tx({ amount: 1800, direction: 'CREDIT', channel: 'ACH', counterparty_id: 'SSA', occurred_at: o }),
  (o) =>
    tx({
      amount: 45,
      channel: 'CARD',
      counterparty_id: 'GROCER',
      counterparty_type: 'BUSINESS',
      occurred_at: o,
    }),
  (o) => ev({ event_type: 'PHONE_CHANGE', occurred_at: o }),
  (o) => ev({ event_type: 'NEW_DEVICE_LOGIN', occurred_at: o }),
  (o) => ev({ event_type: 'PASSWORD_RESET', occurred_at: o }),
];

interface Planned {
  kind: 'transactions' | 'events';
  body: Body;
  key: string;
}

/** A scenario: distinct days (0..60) for palette entries; each item gets its own minute too. */
const scenario = fc
  .uniqueArray(fc.record({ day: fc.integer({ min: 0, max: 60 }), pick: fc.nat(PALETTE.length - 1) }), {
    selector: (x) => x.day,
    minLength: 3,
    maxLength: 8,
  })
  .map((picks) =>
    picks
      .map(({ day, pick }, i): Planned => {
        const occurredAt = new Date(START + day * DAY + i * 60_000).toISOString();
        const { kind, body } = (PALETTE[pick] as (typeof PALETTE)[number])(occurredAt);
        const key = `ITEM-${day}-${pick}`;
        return {
          kind,
          body:
            kind === 'events'
              ? eventBody({ ...body, external_id: key })
              : transactionBody({ ...body, external_id: key }),
          key,
        };
      })
      .sort((a, b) => String(a.body.occurred_at).localeCompare(String(b.body.occurred_at))),
  );

/** An arrival: a permutation of the items and where it is cut into requests. */
const arrival = (items: Planned[]) =>
  fc.tuple(
    fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }),
    fc.array(fc.boolean(), { minLength: items.length, maxLength: items.length }),
  );

interface SignalJson {
  signal_category: string;
  severity: string;
  score: number;
  amount_at_risk: number;
  first_seen_at: string;
  last_seen_at: string;
  retracted_at: string | null;
  evidence: { rule_name: string; transaction_ids: string[]; event_ids: string[]; occurred_at: string }[];
}

/** Ingests `requests` (each one kind's items) into a fresh profile; returns its signals, comparable. */
async function ingestAll(t: TestApp, requests: Planned[][]): Promise<string[]> {
  const tenant = await createTenant(t);
  const profile = await createProfile(t.app, tenant);
  const keyOf = new Map<string, string>();
  for (const request of requests) {
    const kind = request[0]?.kind ?? 'transactions';
    const res = await call(t.app, tenant, {
      method: 'POST',
      url: `/v1/profiles/${profile.id}/${kind}`,
      body: { [kind]: request.map((p) => p.body) },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<Record<string, { id: string; external_id: string }[]>>();
    for (const item of body[kind] ?? []) keyOf.set(item.id, item.external_id);
  }
  const res = await call(t.app, tenant, {
    method: 'GET',
    url: `/v1/signals?profile_id=${profile.id}&limit=100`,
  });
  const signals = res.json<{ data: SignalJson[] }>().data.filter((s) => s.retracted_at === null);
  return signals
    .map((s) =>
      JSON.stringify({
        category: s.signal_category,
        severity: s.severity,
        score: s.score,
        amount: s.amount_at_risk,
        seen: [s.first_seen_at, s.last_seen_at],
        evidence: s.evidence
          .map(
            (e) =>
              `${e.rule_name}|${e.occurred_at}|${[...e.transaction_ids, ...e.event_ids]
                .map((id) => keyOf.get(id) ?? 'OTHER')
                .sort()
                .join(',')}`,
          )
          .sort(),
      }),
    )
    .sort();
}

/** Cuts an arrival into requests: at each `true`, and wherever the kind changes. */
function requestsOf(order: Planned[], cuts: boolean[]): Planned[][] {
  const requests: Planned[][] = [];
  order.forEach((item, i) => {
    const last = requests[requests.length - 1];
    if (last && !cuts[i] && last[0]?.kind === item.kind) last.push(item);
    else requests.push([item]);
  });
  return requests;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the arrival-order property`, () => {
    const t = useTestApp(dialect, { clock: manualClock(NOW) });

    test(
      'any permutation and split of arrival gives the signals of in-order arrival',
      { timeout: 600_000 },
      async () => {
        await fc.assert(
          fc.asyncProperty(
            scenario.chain((items) => arrival(items).map(([order, cuts]) => ({ items, order, cuts }))),
            async ({ items, order, cuts }) => {
              const inOrder = await ingestAll(
                t,
                items.map((item) => [item]),
              );
              const shuffled = await ingestAll(t, requestsOf(order, cuts));
              expect(shuffled).toEqual(inOrder);
            },
          ),
          { numRuns: dialect === 'sqlite' ? 40 : 8 },
        );
      },
    );
  });
}
