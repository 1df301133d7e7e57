import type { FastifyInstance } from 'fastify';
import { call, type TestTenant } from './test-app.js';

/** Subscribes an endpoint of the tenant's production environment to these events; returns its ID. */
export async function subscribe(app: FastifyInstance, tenant: TestTenant, events: string[]): Promise<string> {
  const res = await call(app, tenant, {
    method: 'POST',
    url: '/v1/webhooks',
    body: { url: 'https://hooks.example.com/vigil', events },
  });
  if (res.statusCode !== 201) throw new Error(`webhook not created: ${res.body}`);
  return res.json<{ id: string }>().id;
}

/** The event types of the endpoint's deliveries, oldest first. */
export async function deliveredTypes(app: FastifyInstance, tenant: TestTenant, webhookId: string) {
  const res = await call(app, tenant, { url: `/v1/webhooks/${webhookId}/deliveries?limit=200` });
  return res
    .json<{ data: { event_type: string }[] }>()
    .data.map((d) => d.event_type)
    .reverse();
}
