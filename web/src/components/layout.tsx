import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession } from '../api/session';
import type { Environment } from '../api/types';
import { ErrorMessage } from './ui';

/** The frame of every signed-in screen: the sandbox banner, navigation, environment switch, user. */
export function Layout() {
  const { session, signOut, switchEnvironment, can } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  if (!session) return null;
  const sandbox = session.environment === 'sandbox';
  const isAdmin = can('users:manage') || can('api_keys:manage') || can('webhooks:manage');

  const onSwitch = async (environment: Environment) => {
    setError(null);
    try {
      await switchEnvironment(environment);
      void navigate('/');
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className={sandbox ? 'shell sandbox' : 'shell'}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      {sandbox && (
        <div className="sandbox-banner" role="status" data-testid="sandbox-banner">
          SANDBOX — test data only. Nothing here is a real customer.
        </div>
      )}
      <header className="topbar">
        <span className="brand">Vigil</span>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Queue
          </NavLink>
          <NavLink to="/rules">Rules</NavLink>
          <NavLink to="/batch-runs">Batch runs</NavLink>
          <NavLink to="/audit">Audit log</NavLink>
          {isAdmin && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <div className="session">
          <label htmlFor="environment-switch">Environment</label>
          <select
            id="environment-switch"
            value={session.environment}
            onChange={(event) => void onSwitch(event.target.value as Environment)}
          >
            <option value="production">Production</option>
            <option value="sandbox">Sandbox</option>
          </select>
          <span className="who" title={session.user.email}>
            {session.user.name ?? session.user.email} ({session.user.role})
          </span>
          <button
            type="button"
            onClick={() => {
              void signOut().then(() => navigate('/sign-in'));
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <ErrorMessage error={error} />
      <main id="main" tabIndex={-1}>
        {/* A new environment starts every screen afresh: no state of the other one survives. */}
        <Outlet key={session.environment} />
      </main>
    </div>
  );
}
