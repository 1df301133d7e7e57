import type { RunningServer } from './server';

export interface Seeded {
  /** Sandbox customer IDs, in the order the queue sorts them by severity (highest first). */
  sandboxBySeverity: string[];
  /** Sandbox customer IDs by amount at risk, largest first. */
  sandboxByAmount: string[];
  /** Production customer whose CRYPTO purchase real detection flags. */
  cryptoCustomer: string;
  cryptoAmount: number;
  productionCustomers: string[];
}

type Env = 'production' | 'sandbox';

export function client(server: RunningServer, env: Env) {
  const base = `${server.baseUrl}${env === 'sandbox' ? '/sandbox/v1' : '/v1'}`;
  const key = env === 'sandbox' ? server.sandboxKey : server.productionKey;
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        'x-tenant-id': server.tenantId,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

const DAY = 86_400_000;

async function enroll(call: ReturnType<typeof client>, customerId: string, name: string): Promise<string> {
  const profile = await call<{ id: string }>('POST', '/profiles', {
    customer_id: customerId,
    customer_name: name,
    date_of_birth: '1940-05-17',
    enrollment_reason: 'AGE_THRESHOLD',
    trusted_contact: {
      name: 'Alex Hill',
      relationship: 'SON',
      phone: '+15555550100',
      email: 'alex@example.test',
    },
  });
  return profile.id;
}

/** Seeds both environments through the public API, as an integrator would. */
export async function seed(server: RunningServer, nowMs: number): Promise<Seeded> {
  const sandbox = client(server, 'sandbox');
  // Sandbox test names give fixed severities (api.md §7): CRITICAL, HIGH, MEDIUM, LOW.
  const named: [string, string, number][] = [
    ['SB-TAKEOVER', 'Test Takeover Ann', 100],
    ['SB-ROMANCE', 'Test Romance Bob', 5000],
    ['SB-LOTTERY', 'Test Lottery Cy', 300],
    ['SB-CAPACITY', 'Test Capacity Di', 50],
  ];
  for (const [customerId, name, amount] of named) {
    const id = await enroll(sandbox, customerId, name);
    await sandbox('POST', `/profiles/${id}/transactions`, {
      external_id: `${customerId}-1`,
      occurred_at: new Date(nowMs - DAY).toISOString(),
      amount,
      direction: 'DEBIT',
      channel: 'P2P',
      counterparty_name: 'Stranger',
    });
  }

  // Production: real detection on real-looking history.
  const production = client(server, 'production');
  const customers = [
    ['C-1001', 'Margaret Hill', 'CRYPTO', 2500],
    ['C-1002', 'Walter Price', 'GIFT_CARD', 600],
    ['C-1003', 'Dorothy Baker', 'GIFT_CARD', 1200],
  ] as const;
  for (const [customerId, name, channel, amount] of customers) {
    const id = await enroll(production, customerId, name);
    // 50 small card debits over 125 days: enough for a READY baseline (20 debits over 90 days).
    const history = Array.from({ length: 50 }, (_, i) => ({
      external_id: `${customerId}-h${i}`,
      occurred_at: new Date(nowMs - (130 - i * 2.5) * DAY).toISOString(),
      amount: 40 + (i % 5) * 10,
      direction: 'DEBIT',
      channel: 'CARD',
      counterparty_id: `grocer-${i % 3}`,
      counterparty_name: `Grocer ${i % 3}`,
      counterparty_type: 'BUSINESS',
    }));
    await production('POST', `/profiles/${id}/transactions?scoring=false`, { transactions: history });
    await production('POST', `/profiles/${id}/baseline`, {});
    await production('POST', `/profiles/${id}/transactions`, {
      external_id: `${customerId}-live`,
      occurred_at: new Date(nowMs - 2 * DAY).toISOString(),
      amount,
      direction: 'DEBIT',
      channel,
      counterparty_name: channel === 'CRYPTO' ? 'CoinFlip Bitcoin ATM' : 'Target gift cards',
    });
  }
  return {
    sandboxBySeverity: named.map(([customerId]) => customerId),
    sandboxByAmount: [...named].sort((a, b) => b[2] - a[2]).map(([customerId]) => customerId),
    cryptoCustomer: 'C-1001',
    cryptoAmount: 2500,
    productionCustomers: customers.map(([customerId]) => customerId),
  };
}
