import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { ApiFailure, configureClient, root } from './client';
import type { Environment, Scope, Session } from './types';

export interface LoginInput {
  email: string;
  password: string;
  tenant_id: string;
  environment: Environment;
}

interface SessionContextValue {
  session: Session | null;
  isLoading: boolean;
  signIn: (input: LoginInput) => Promise<Session>;
  signOut: () => Promise<void>;
  switchEnvironment: (environment: Environment) => Promise<void>;
  can: (scope: Scope) => boolean;
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);
const ME = ['auth', 'me'] as const;

async function fetchMe(): Promise<Session | null> {
  try {
    return await root.get<Session>('/auth/me');
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return null;
    throw error;
  }
}

function apply(session: Session | null) {
  configureClient(
    session
      ? { environment: session.environment, csrfToken: session.csrf_token }
      : { environment: 'production', csrfToken: null },
  );
}

/** The signed-in user, their environment and scopes; every screen reads them from here. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME, queryFn: fetchMe, staleTime: 60_000, retry: false });
  const session = me.data ?? null;
  apply(session);

  const replace = useCallback(
    (next: Session | null) => {
      apply(next);
      // Nothing read under one session or environment may show under another. The session query
      // itself is kept (not cleared): its observers would otherwise miss the new value.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME[0] });
      queryClient.setQueryData(ME, next);
    },
    [queryClient],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      isLoading: me.isLoading,
      signIn: async (input) => {
        const next = await root.post<Session>('/auth/login', input);
        replace(next);
        return next;
      },
      signOut: async () => {
        try {
          await root.post('/auth/logout');
        } finally {
          replace(null);
        }
      },
      switchEnvironment: async (environment) => {
        replace(await root.post<Session>('/auth/environment', { environment }));
      },
      can: (scope) => session?.scopes.includes(scope) ?? false,
      changePassword: async (currentPassword, newPassword) => {
        await root.post('/auth/password', { current_password: currentPassword, new_password: newPassword });
        replace(await root.get<Session>('/auth/me'));
      },
    }),
    [session, me.isLoading, replace],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
