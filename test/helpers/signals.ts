import type { FastifyInstance } from 'fastify';
import { createProfile, transactionBody } from './activity.js';
import { call, type TestTenant } from './test-app.js';

export interface RaisedSignal {
  id: string;
  profileId: string;
  severity: string;
  signal_category: string;
  amount_at_risk: number;
  created_at: string;
  transactionIds: string[];
}

/**
 * A sandbox signal of a known outcome (api.md §7 test names): `name` is the test word, e.g.
 * "Takeover" (CRITICAL), "Romance" (HIGH), "Lottery" (MEDIUM), "Capacity" (LOW); one debit per amount.
 */
export async function sandboxSignal(
  app: FastifyInstance,
  tenant: TestTenant,
  name: string,
  amounts: number[],
  extra: Record<string, unknown> = {},
): Promise<RaisedSignal> {
  const profile = await createProfile(app, tenant, { customer_name: `Test ${name} Person` }, '/sandbox/v1');
  const res = await call(app, tenant, {
    method: 'POST',
    url: `/sandbox/v1/profiles/${profile.id}/transactions`,
    body: {
      transactions: amounts.map((amount, i) =>
        transactionBody({ amount, occurred_at: `2026-06-0${1 + i}T10:00:00.000Z`, ...extra }),
      ),
    },
  });
  if (res.statusCode !== 201) throw new Error(`not ingested: ${res.body}`);
  const body = res.json<{ transactions: { id: string }[]; signals: (RaisedSignal & { id: string })[] }>();
  const signal = body.signals[body.signals.length - 1];
  if (!signal) throw new Error(`no signal raised: ${res.body}`);
  return { ...signal, profileId: profile.id, transactionIds: body.transactions.map((t) => t.id) };
}

/** A production signal raised by real detection: a gift-card purchase from STORE. */
export async function productionSignal(
  app: FastifyInstance,
  tenant: TestTenant,
): Promise<{ id: string; profileId: string; transactionId: string }> {
  const profile = await createProfile(app, tenant);
  const res = await call(app, tenant, {
    method: 'POST',
    url: `/v1/profiles/${profile.id}/transactions`,
    body: transactionBody({
      occurred_at: '2026-10-01T10:00:00.000Z',
      amount: 700,
      channel: 'GIFT_CARD',
      counterparty_id: 'STORE',
    }),
  });
  const body = res.json<{ transactions: { id: string }[]; signals: { id: string }[] }>();
  const signal = body.signals[0];
  if (!signal) throw new Error(`no signal raised: ${res.body}`);
  return { id: signal.id, profileId: profile.id, transactionId: body.transactions[0]!.id };
}
