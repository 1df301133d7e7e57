import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { Page, Webhook, WebhookDelivery } from '../api/types';
import { ErrorMessage, Pager } from '../components/ui';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime } from '../lib/format';
import { ShownOnce } from '../components/shown-once';

const EVENTS = [
  'signal.created',
  'signal.updated',
  'signal.reviewed',
  'signal.assigned',
  'signal.note_added',
  'profile.status_changed',
  'batch_run.completed',
  'batch_run.failed',
];

export function Webhooks() {
  const queryClient = useQueryClient();
  const list = useCursorList(['webhooks'], (cursor) =>
    api.get<Page<Webhook>>('/webhooks', { cursor, limit: 50 }),
  );
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<Set<string>>(new Set(['signal.created']));
  const [secret, setSecret] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const create = useMutation({
    mutationFn: () => api.post<Webhook & { secret: string }>('/webhooks', { url, events: [...events] }),
    onSuccess: async (hook) => {
      setSecret(hook.secret);
      setUrl('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/webhooks/${id}`),
    onSuccess: refresh,
  });
  return (
    <>
      <ErrorMessage error={list.query.error ?? create.error ?? remove.error} />
      {secret && <ShownOnce what="Signing secret" value={secret} onDone={() => setSecret(null)} />}
      {list.rows.length === 0 && !list.query.isLoading && (
        <p className="empty">No webhooks: nothing is sent anywhere.</p>
      )}
      <ul className="hooks">
        {list.rows.map((hook) => (
          <li key={hook.id}>
            <p>
              <span className="mono">{hook.url}</span> — {hook.events.join(', ')}{' '}
              {hook.enabled ? '' : '(disabled)'}
            </p>
            <button
              type="button"
              aria-expanded={openId === hook.id}
              onClick={() => setOpenId(openId === hook.id ? null : hook.id)}
            >
              {openId === hook.id ? 'Hide deliveries' : 'Deliveries'}
            </button>{' '}
            <button type="button" onClick={() => remove.mutate(hook.id)}>
              Delete
            </button>
            {openId === hook.id && <Deliveries webhookId={hook.id} />}
          </li>
        ))}
      </ul>
      <Pager label="Webhooks" {...list} />
      <form
        className="stack"
        aria-label="Add a webhook"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor="w-url">Endpoint URL (https)</label>
        <input id="w-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} />
        <fieldset className="scope-list">
          <legend>Events</legend>
          {EVENTS.map((event) => (
            <label key={event} className="inline">
              <input
                type="checkbox"
                checked={events.has(event)}
                onChange={(e) => {
                  const next = new Set(events);
                  if (e.target.checked) next.add(event);
                  else next.delete(event);
                  setEvents(next);
                }}
              />{' '}
              {event}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending || events.size === 0}>
          Add webhook
        </button>
      </form>
    </>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const list = useCursorList(['webhooks', webhookId, 'deliveries'], (cursor) =>
    api.get<Page<WebhookDelivery>>(`/webhooks/${webhookId}/deliveries`, { cursor, limit: 25 }),
  );
  return (
    <>
      <ErrorMessage error={list.query.error} />
      {list.rows.length === 0 && !list.query.isLoading && (
        <p className="empty">No deliveries yet: no subscribed event has happened.</p>
      )}
      <ul className="deliveries">
        {list.rows.map((d) => (
          <li key={d.id}>
            {dateTime(d.attempted_at ?? d.created_at)} {d.event_type} attempt {d.attempt}: {d.status}
            {d.response_status !== null ? ` (HTTP ${d.response_status})` : ''}
            {d.error ? ` — ${d.error}` : ''}
          </li>
        ))}
      </ul>
      <Pager label="Deliveries" {...list} />
    </>
  );
}
