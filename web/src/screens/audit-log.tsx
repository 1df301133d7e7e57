import { useSearchParams } from 'react-router';
import { AuditTable } from '../components/audit-trail';

const FIELDS = ['actor', 'resource_type', 'resource_id', 'from', 'to'] as const;

/** The tenant environment's audit log, filtered by actor, resource and time; filters live in the URL. */
export function AuditLog() {
  const [params, setParams] = useSearchParams();
  const query: Record<string, string | undefined> = {};
  for (const field of FIELDS) query[field] = params.get(field) ?? undefined;
  const toIso = (local: string | null) => (local ? new Date(`${local}Z`).toISOString() : undefined);
  return (
    <div>
      <h1>Audit log</h1>
      <form
        className="filters"
        aria-label="Audit filters"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const next = new URLSearchParams();
          for (const field of FIELDS) {
            const raw = data.get(field);
            const value = typeof raw === 'string' ? raw.trim() : '';
            if (value !== '') next.set(field, value);
          }
          setParams(next);
        }}
      >
        <div>
          <label htmlFor="a-actor">Actor ID (user or API key)</label>
          <input id="a-actor" name="actor" defaultValue={query.actor} />
        </div>
        <div>
          <label htmlFor="a-type">Resource type</label>
          <input
            id="a-type"
            name="resource_type"
            placeholder="signal, rule, profile…"
            defaultValue={query.resource_type}
          />
        </div>
        <div>
          <label htmlFor="a-id">Resource ID</label>
          <input id="a-id" name="resource_id" defaultValue={query.resource_id} />
        </div>
        <div>
          <label htmlFor="a-from">From (UTC)</label>
          <input id="a-from" name="from" type="datetime-local" defaultValue={query.from} />
        </div>
        <div>
          <label htmlFor="a-to">To (UTC)</label>
          <input id="a-to" name="to" type="datetime-local" defaultValue={query.to} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <AuditTable query={{ ...query, from: toIso(params.get('from')), to: toIso(params.get('to')) }} />
    </div>
  );
}
