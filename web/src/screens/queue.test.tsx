import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SessionProvider } from '../api/session';
import type { Signal } from '../api/types';
import { Queue } from './queue';

const ME = {
  user: { id: 'u-1', email: 'ana@bank.test', name: 'Ana', role: 'analyst', tenant_id: 't', status: 'ACTIVE' },
  environment: 'production',
  csrf_token: 'csrf-1',
  scopes: ['signals:read', 'signals:review'],
  expires_at: '2026-12-04T00:00:00Z',
  idle_expires_at: '2026-12-04T00:00:00Z',
};

function signal(id: string, customer: string, severity: Signal['severity'], amount: number): Signal {
  return {
    id,
    profile_id: 'p',
    customer_id: customer,
    status: 'ACTIVE',
    signal_category: 'SCAM_ROMANCE',
    severity,
    score: 0.8,
    amount_at_risk: amount,
    summary: `summary ${customer}`,
    evidence: [],
    first_seen_at: '2026-12-01T00:00:00Z',
    last_seen_at: '2026-12-01T00:00:00Z',
    batch_run_id: null,
    assignee: null,
    review: null,
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
  };
}

type Handler = (url: URL, init: RequestInit) => unknown;

function stubApi(signals: Signal[], extra: Handler = () => undefined) {
  const calls: { url: URL; init: RequestInit }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init: RequestInit) => {
      const url = new URL(input, 'http://console.test');
      calls.push({ url, init });
      const body =
        extra(url, init) ??
        (url.pathname === '/auth/me'
          ? ME
          : url.pathname === '/v1/signals/counts'
            ? { counts: { LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 1 }, total: 2 }
            : url.pathname === '/v1/signals'
              ? { data: signals, has_more: false, next_cursor: null }
              : {});
      return Promise.resolve(
        new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    }),
  );
  return calls;
}

function renderQueue(path = '/') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider>
          <Routes>
            <Route path="/" element={<Queue />} />
            <Route path="/signals/:id" element={<p>case page</p>} />
          </Routes>
        </SessionProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('<Queue>', () => {
  test('shows the signals in the order the API returns them, with counts per severity', async () => {
    stubApi([signal('s1', 'C-CRIT', 'CRITICAL', 9000), signal('s2', 'C-HIGH', 'HIGH', 100)]);
    renderQueue();
    await screen.findByText('C-CRIT');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-signal-id'))).toEqual(['s1', 's2']);
    expect(screen.getByTestId('count-CRITICAL').textContent).toContain('1');
  });

  test('sends the URL filters to the API and says why the queue is empty', async () => {
    const calls = stubApi([]);
    renderQueue('/?severity=LOW&assignee=me');
    const empty = await screen.findByTestId('queue-empty');
    expect(empty.textContent).toContain('severity LOW');
    const list = calls.find((c) => c.url.pathname === '/v1/signals');
    expect(list?.url.searchParams.get('severity')).toBe('LOW');
    expect(list?.url.searchParams.get('assignee')).toBe('me');
    expect(list?.url.searchParams.get('status')).toBe('ACTIVE');
    expect(list?.url.searchParams.get('sort')).toBe('-severity');
  });

  test('j moves the focus, a assigns the focused signal to me with the CSRF header, Enter opens it', async () => {
    const calls = stubApi([signal('s1', 'C-1', 'HIGH', 10), signal('s2', 'C-2', 'HIGH', 5)]);
    renderQueue();
    await screen.findByText('C-1');
    fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() =>
      expect(document.querySelector('tr[aria-current="true"]')?.getAttribute('data-signal-id')).toBe('s2'),
    );
    fireEvent.keyDown(document.body, { key: 'a' });
    await waitFor(() => expect(calls.some((c) => c.url.pathname === '/v1/signals/s2/assign')).toBe(true));
    const assign = calls.find((c) => c.url.pathname === '/v1/signals/s2/assign');
    expect(JSON.parse(assign?.init.body as string)).toEqual({ assignee_id: 'u-1' });
    expect((assign?.init.headers as Record<string, string>)['x-csrf-token']).toBe('csrf-1');
    fireEvent.keyDown(document.body, { key: 'Enter' });
    await screen.findByText('case page');
  });

  test('d asks for a reason, then dismisses the focused signal', async () => {
    const calls = stubApi([signal('s1', 'C-1', 'HIGH', 10)]);
    renderQueue();
    await screen.findByText('C-1');
    fireEvent.keyDown(document.body, { key: 'd' });
    const select = await screen.findByLabelText('Reason (required)');
    fireEvent.change(select, { target: { value: 'DUPLICATE' } });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(calls.some((c) => c.url.pathname === '/v1/signals/s1/review')).toBe(true));
    const review = calls.find((c) => c.url.pathname === '/v1/signals/s1/review');
    expect(JSON.parse(review?.init.body as string)).toEqual({ status: 'DISMISSED', reason: 'DUPLICATE' });
  });

  test('bulk dismiss sends the selected IDs in one request and reports refusals', async () => {
    const calls = stubApi([signal('s1', 'C-1', 'HIGH', 10), signal('s2', 'C-2', 'HIGH', 5)], (url) =>
      url.pathname === '/v1/signals/bulk-review'
        ? {
            results: [
              { signal_id: 's1', outcome: 'REVIEWED' },
              {
                signal_id: 's2',
                outcome: 'REFUSED',
                error: {
                  code: 'INVALID_STATE',
                  message: 'signal review requires ACTIVE status',
                  status: 409,
                },
              },
            ],
          }
        : undefined,
    );
    renderQueue();
    await screen.findByText('C-1');
    fireEvent.click(screen.getByLabelText('Select every signal on this page'));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss selected' }));
    fireEvent.change(await screen.findByLabelText('Reason (required)'), {
      target: { value: 'INSUFFICIENT_EVIDENCE' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await screen.findByText(/1 signals dismissed; 1 refused: signal review requires ACTIVE status/);
    const bulk = calls.find((c) => c.url.pathname === '/v1/signals/bulk-review');
    expect(JSON.parse(bulk?.init.body as string)).toEqual({
      signal_ids: ['s1', 's2'],
      status: 'DISMISSED',
      reason: 'INSUFFICIENT_EVIDENCE',
    });
  });
});
