import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SessionProvider, useSession } from './api/session';
import type { Scope } from './api/types';
import { Layout } from './components/layout';
import { Loading } from './components/ui';
import { Admin } from './screens/admin';
import { AuditLog } from './screens/audit-log';
import { BatchRuns } from './screens/batch-runs';
import { ChangePassword } from './screens/change-password';
import { CaseView } from './screens/case-view';
import { ProfileView } from './screens/profile-view';
import { Queue } from './screens/queue';
import { Rules } from './screens/rules';
import { SignIn } from './screens/sign-in';

function RequireSession({ children }: { children: ReactNode }) {
  const { session, isLoading } = useSession();
  if (isLoading) return <Loading what="your session" />;
  if (!session) return <Navigate to="/sign-in" replace />;
  if (session.user.password_change_required) return <ChangePassword />;
  return children;
}

function RequireScope({ scopes, children }: { scopes: Scope[]; children: ReactNode }) {
  const { can } = useSession();
  if (!scopes.some(can))
    return (
      <div className="card" role="alert">
        <h1>Not available to your role</h1>
        <p>This screen is for administrators. Ask an administrator if you need access.</p>
      </div>
    );
  return children;
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Routes>
          <Route path="/sign-in" element={<SignIn />} />
          <Route
            element={
              <RequireSession>
                <Layout />
              </RequireSession>
            }
          >
            <Route index element={<Queue />} />
            <Route path="signals/:signalId" element={<CaseView />} />
            <Route path="profiles/:profileId" element={<ProfileView />} />
            <Route path="rules" element={<Rules />} />
            <Route path="batch-runs" element={<BatchRuns />} />
            <Route path="audit" element={<AuditLog />} />
            <Route
              path="admin"
              element={
                <RequireScope scopes={['users:manage', 'api_keys:manage', 'webhooks:manage']}>
                  <Admin />
                </RequireScope>
              }
            />
            <Route path="*" element={<p>There is no page at this address.</p>} />
          </Route>
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}
