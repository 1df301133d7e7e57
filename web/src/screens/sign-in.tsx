import { useState, type SyntheticEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ApiFailure } from '../api/client';
import { useSession } from '../api/session';
import type { Environment } from '../api/types';

const TENANT_KEY = 'vigil.tenant_id';

export function SignIn() {
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const [tenantId, setTenantId] = useState(() => localStorage.getItem(TENANT_KEY) ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [environment, setEnvironment] = useState<Environment>('production');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (session) return <Navigate to="/" replace />;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ tenant_id: tenantId.trim(), email: email.trim(), password, environment });
      localStorage.setItem(TENANT_KEY, tenantId.trim());
      void navigate('/');
    } catch (err) {
      setError(
        err instanceof ApiFailure && err.status === 429
          ? 'Too many attempts. Wait a minute, then try again.'
          : err instanceof ApiFailure
            ? err.message
            : 'The server could not be reached.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Vigil</h1>
      <p className="muted">Sign in to review signals of possible elder financial exploitation.</p>
      <form onSubmit={(event) => void submit(event)} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label htmlFor="tenant">Tenant ID</label>
        <input
          id="tenant"
          required
          value={tenantId}
          onChange={(e) => setTenantId(e.target.value)}
          autoComplete="organization"
        />
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="username"
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
        <fieldset>
          <legend>Environment</legend>
          <label className="inline">
            <input
              type="radio"
              name="environment"
              value="production"
              checked={environment === 'production'}
              onChange={() => setEnvironment('production')}
            />{' '}
            Production
          </label>
          <label className="inline">
            <input
              type="radio"
              name="environment"
              value="sandbox"
              checked={environment === 'sandbox'}
              onChange={() => setEnvironment('sandbox')}
            />{' '}
            Sandbox (test data)
          </label>
        </fieldset>
        {error && (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
