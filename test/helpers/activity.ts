import type { FastifyInstance } from 'fastify';
import { call, profileBody, type TestTenant } from './test-app.js';

/** Creates a profile through the API and returns its ID and customer_id. */
export async function createProfile(
  app: FastifyInstance,
  tenant: TestTenant,
  overrides: Record<string, unknown> = {},
  base = '/v1',
): Promise<{ id: string; customerId: string }> {
  const res = await call(app, tenant, {
    method: 'POST',
    url: `${base}/profiles`,
    body: profileBody(overrides),
  });
  if (res.statusCode !== 201) throw new Error(`profile not created: ${res.body}`);
  const body = res.json<{ id: string; customer_id: string }>();
  return { id: body.id, customerId: body.customer_id };
}

let sequence = 0;

/** A valid transaction body; external_id unique within the run. */
export function transactionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    external_id: `TX-${process.pid}-${sequence}`,
    occurred_at: '2026-06-01T10:00:00.000Z',
    amount: 42.5,
    direction: 'DEBIT',
    channel: 'CARD',
    ...overrides,
  };
}

export function eventBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    external_id: `EV-${process.pid}-${sequence}`,
    occurred_at: '2026-06-01T10:00:00.000Z',
    event_type: 'LOGIN',
    ...overrides,
  };
}
