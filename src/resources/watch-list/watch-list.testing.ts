import { expect } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { call, type TestApp, type TestTenant } from '../../../test/helpers/test-app.js';

/**
 * Test helper: a profile pays `counterparty` gift cards of 600 ("Gift card purchases" fires) and
 * the analyst confirms the signal, which lists the counterparty. Returns the signal and profile.
 */
export async function confirmPayment(
  t: TestApp,
  tenant: TestTenant,
  counterparty: string,
  options: { base?: string; profileId?: string; occurredAt?: string } = {},
): Promise<{ signalId: string; profileId: string }> {
  const base = options.base ?? '/v1';
  const profileId = options.profileId ?? (await createProfile(t.app, tenant, {}, base)).id;
  const paid = await call(t.app, tenant, {
    method: 'POST',
    url: `${base}/profiles/${profileId}/transactions`,
    body: transactionBody({
      amount: 600,
      channel: 'GIFT_CARD',
      counterparty_id: counterparty,
      counterparty_type: 'BUSINESS',
      occurred_at: options.occurredAt ?? '2026-06-01T10:00:00.000Z',
    }),
  });
  expect(paid.statusCode).toBe(201);
  const signalId = paid.json<{ transactions: { signal_ids: string[] }[] }>().transactions[0]?.signal_ids[0];
  if (signalId === undefined) throw new Error(`no signal raised: ${paid.body}`);
  const review = await call(t.app, tenant, {
    method: 'POST',
    url: `${base}/signals/${signalId}/review`,
    body: { status: 'CONFIRMED', reason: 'SAR_FILED' },
  });
  expect(review.statusCode).toBe(200);
  return { signalId, profileId };
}

/** The ID of the counterparty's watch-list entry. */
export async function entryId(t: TestApp, tenant: TestTenant, counterparty: string, base = '/v1') {
  const res = await call(t.app, tenant, { url: `${base}/watch-list?limit=200` });
  const entry = res
    .json<{ data: { id: string; counterparty_id: string }[] }>()
    .data.find((e) => e.counterparty_id === counterparty);
  if (!entry) throw new Error(`${counterparty} is not on the watch list`);
  return entry.id;
}
