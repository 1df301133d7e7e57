import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { SCOPES } from '../../../src/domain/values/enums';
import { api } from '../api/client';
import { useSession } from '../api/session';
import type { ApiKey, Page, Role, Scope, User } from '../api/types';
import { ErrorMessage, Pager, Section } from '../components/ui';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime } from '../lib/format';
import { Webhooks } from './admin-webhooks';
import { ShownOnce } from '../components/shown-once';

const ROLES: Role[] = ['analyst', 'supervisor', 'admin'];

export function Admin() {
  const { can } = useSession();
  return (
    <div>
      <h1>Admin</h1>
      {can('users:manage') && (
        <Section title="Users and roles">
          <Users />
        </Section>
      )}
      {can('api_keys:manage') && (
        <Section title="API keys">
          <ApiKeys />
        </Section>
      )}
      {can('webhooks:manage') && (
        <Section title="Webhooks">
          <Webhooks />
        </Section>
      )}
    </div>
  );
}

function Users() {
  const queryClient = useQueryClient();
  const list = useCursorList(['users'], (cursor) => api.get<Page<User>>('/users', { cursor, limit: 50 }));
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({
    mutationFn: () =>
      api.post<User & { one_time_password: string }>('/users', { email, role, ...(name ? { name } : {}) }),
    onSuccess: async (user) => {
      setPassword(`${user.email}: ${user.one_time_password}`);
      setEmail('');
      setName('');
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<Pick<User, 'role' | 'status'>> }) =>
      api.patch<User>(`/users/${id}`, body),
    onSuccess: refresh,
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <ErrorMessage error={list.query.error ?? create.error ?? update.error} />
      {password && <ShownOnce what="One-time password" value={password} onDone={() => setPassword(null)} />}
      <div className="table-wrap">
        <table className="compact" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.email}</th>
                <td>{user.name ?? '—'}</td>
                <td>
                  <select
                    aria-label={`Role of ${user.email}`}
                    value={user.role}
                    onChange={(e) => update.mutate({ id: user.id, body: { role: e.target.value as Role } })}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {user.status}{' '}
                  <button
                    type="button"
                    onClick={() =>
                      update.mutate({
                        id: user.id,
                        body: { status: user.status === 'ACTIVE' ? 'DISABLED' : 'ACTIVE' },
                      })
                    }
                  >
                    {user.status === 'ACTIVE' ? 'Disable' : 'Enable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Users" {...list} />
      <form className="filters" onSubmit={submit} aria-label="Add a user">
        <div>
          <label htmlFor="u-email">Email</label>
          <input
            id="u-email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="u-name">Name</label>
          <input id="u-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div>
          <label htmlFor="u-role">Role</label>
          <select id="u-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Add user
        </button>
      </form>
    </>
  );
}

function ApiKeys() {
  const queryClient = useQueryClient();
  const list = useCursorList(['api-keys'], (cursor) =>
    api.get<Page<ApiKey>>('/api-keys', { cursor, limit: 50 }),
  );
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(['signals:read']));
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: () => api.post<ApiKey & { key: string }>('/api-keys', { name, scopes: [...scopes] }),
    onSuccess: async (key) => {
      setCreated(key.key);
      setName('');
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${id}`),
    onSuccess: refresh,
  });
  return (
    <>
      <ErrorMessage error={list.query.error ?? create.error ?? revoke.error} />
      {created && <ShownOnce what="New API key" value={created} onDone={() => setCreated(null)} />}
      <div className="table-wrap">
        <table className="compact" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td className="mono">{key.key_hint}…</td>
                <td className="scopes">{key.scopes.join(', ')}</td>
                <td>{dateTime(key.created_at)}</td>
                <td>{dateTime(key.last_used_at)}</td>
                <td>
                  {key.revoked_at ? (
                    `revoked ${dateTime(key.revoked_at)}`
                  ) : (
                    <button type="button" onClick={() => revoke.mutate(key.id)}>
                      Revoke {key.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="API keys" {...list} />
      <form
        className="stack"
        aria-label="Create an API key"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor="k-name">Key name</label>
        <input id="k-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset className="scope-list">
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="inline">
              <input
                type="checkbox"
                checked={scopes.has(scope)}
                onChange={(e) => {
                  const next = new Set(scopes);
                  if (e.target.checked) next.add(scope);
                  else next.delete(scope);
                  setScopes(next);
                }}
              />{' '}
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending || scopes.size === 0}>
          Create key
        </button>
      </form>
    </>
  );
}
