import { useState, type SyntheticEvent } from 'react';
import { ApiFailure } from '../api/client';
import { useSession } from '../api/session';

// lib/password.ts on the server: at least 12 characters.
const MIN_LENGTH = 12;

/** First sign-in with a one-time password: the user chooses their own before anything else. */
export function ChangePassword() {
  const { session, changePassword, signOut } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (next !== repeat) {
      setError('The two new passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : 'The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="sign-in">
      <h1>Choose your password</h1>
      <p>
        {session?.user.email} signed in with a one-time password. Choose your own (at least {MIN_LENGTH}{' '}
        characters) to continue.
      </p>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="pw-current">One-time password</label>
        <input
          id="pw-current"
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <label htmlFor="pw-new">New password</label>
        <input
          id="pw-new"
          type="password"
          required
          minLength={MIN_LENGTH}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <label htmlFor="pw-repeat">New password again</label>
        <input
          id="pw-repeat"
          type="password"
          required
          minLength={MIN_LENGTH}
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Set password
        </button>{' '}
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </form>
    </main>
  );
}
