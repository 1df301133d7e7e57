import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SessionProvider } from '../api/session';
import type { Rule } from '../api/types';
import { Rules } from './rules';

function me(role: 'analyst' | 'supervisor', scopes: string[]) {
  return {
    user: { id: 'u-1', email: 'sam@bank.test', name: 'Sam', role, tenant_id: 't', status: 'ACTIVE' },
    environment: 'production',
    csrf_token: 'csrf-1',
    scopes,
    expires_at: '2026-12-04T00:00:00Z',
    idle_expires_at: '2026-12-04T00:00:00Z',
  };
}

function rule(name: string, weight: number, stats: Rule['stats']): Rule {
  return {
    id: `r-${name}`,
    name,
    rule_type: 'CONFIRMED_COUNTERPARTY',
    severity: 'HIGH',
    weight,
    signal_category: 'SCAM_OTHER',
    enabled: true,
    description: null,
    version: 1,
    is_default: true,
    stats,
  };
}

const RULES = [
  rule('Payment to a confirmed counterparty', 0.8, {
    signals_total: 5,
    confirmed: 3,
    dismissed: 1,
    precision: 0.75,
  }),
  rule('Gift card purchases', 0.5, { signals_total: 0, confirmed: 0, dismissed: 0, precision: null }),
];

function stubApi(session: ReturnType<typeof me>) {
  const calls: { url: URL; init: RequestInit }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init: RequestInit) => {
      const url = new URL(input, 'http://console.test');
      calls.push({ url, init });
      const body =
        url.pathname === '/auth/me'
          ? session
          : url.pathname === '/v1/rules'
            ? { data: RULES, has_more: false, next_cursor: null }
            : RULES[0];
      return Promise.resolve(
        new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    }),
  );
  return calls;
}

function renderRules() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <SessionProvider>
          <Rules />
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const cells = (name: string) =>
  within(document.querySelector(`tr[data-rule-name="${name}"]`) as HTMLElement)
    .getAllByRole('cell')
    .map((c) => c.textContent);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('<Rules>', () => {
  test('a supervisor sees each rule’s review statistics in the row where its weight is set', async () => {
    const calls = stubApi(me('supervisor', ['rules:read', 'rules:write']));
    renderRules();
    const weight = await screen.findByLabelText('Payment to a confirmed counterparty weight');
    const row = weight.closest('tr') as HTMLElement;
    expect(within(row).getByLabelText('Payment to a confirmed counterparty enabled')).toBeTruthy();
    // Signals, confirmed, dismissed, precision: after the weight and enabled controls.
    expect(cells('Payment to a confirmed counterparty').slice(-4)).toEqual(['5', '3', '1', '75%']);
    // No reviews yet: no precision to show, rather than 0%.
    expect(cells('Gift card purchases').slice(-4)).toEqual(['0', '0', '0', '—']);

    fireEvent.change(weight, { target: { value: '0.9' } });
    fireEvent.submit(weight.closest('form') as HTMLFormElement);
    await waitFor(() => expect(calls.some((c) => c.init.method === 'PATCH')).toBe(true));
    const patch = calls.find((c) => c.init.method === 'PATCH');
    expect(decodeURIComponent(patch?.url.pathname ?? '')).toBe(
      '/v1/rules/r-Payment to a confirmed counterparty',
    );
    expect(JSON.parse(patch?.init.body as string)).toEqual({ weight: 0.9 });
  });

  test('an analyst reads the weights and statistics without controls', async () => {
    stubApi(me('analyst', ['rules:read']));
    renderRules();
    await screen.findByText('Payment to a confirmed counterparty');
    expect(screen.queryByLabelText('Payment to a confirmed counterparty weight')).toBeNull();
    expect(cells('Payment to a confirmed counterparty').slice(-6)).toEqual([
      '0.8',
      'Yes',
      '5',
      '3',
      '1',
      '75%',
    ]);
    expect(screen.getByText(/Only supervisors and administrators change rules/)).toBeTruthy();
  });
});
