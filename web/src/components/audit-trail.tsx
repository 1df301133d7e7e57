import { api } from '../api/client';
import type { AuditEvent, Page } from '../api/types';
import { dateTime } from '../lib/format';
import { ErrorMessage, Pager } from './ui';
import { useCursorList } from './use-cursor-list';

export function describeChanges(changes: AuditEvent['changes']): string {
  if (!changes) return '';
  return Object.entries(changes)
    .map(
      ([field, [before, after]]) =>
        `${field}: ${JSON.stringify(before ?? null)} → ${JSON.stringify(after ?? null)}`,
    )
    .join('; ');
}

/** Audit events, newest first, one page at a time; filtered to one resource when given. */
export function AuditTable({ query }: { query: Record<string, string | undefined> }) {
  const list = useCursorList(['audit', query], (cursor) =>
    api.get<Page<AuditEvent>>('/audit-events', { ...query, cursor, limit: 25 }),
  );
  return (
    <>
      <ErrorMessage error={list.query.error} />
      {list.rows.length === 0 && !list.query.isLoading ? (
        <p className="empty">No audit events match.</p>
      ) : (
        <div className="table-wrap">
          <table className="compact" aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Resource</th>
                <th scope="col">Changes</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((event) => (
                <tr key={event.id}>
                  <td>{dateTime(event.at)}</td>
                  <td>{event.actor.name}</td>
                  <td>{event.action}</td>
                  <td>
                    {event.resource_type} <span className="mono">{event.resource_id.slice(0, 8)}</span>
                  </td>
                  <td className="changes">{describeChanges(event.changes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Audit" {...list} />
    </>
  );
}
