import { describe } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import {
  call,
  profileBody,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

async function makeProfile(t: TestApp, owner: TestTenant): Promise<string> {
  const res = await call(t.app, owner, { method: 'POST', url: '/v1/profiles', body: profileBody() });
  return res.json<{ id: string }>().id;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: profiles security`, () => {
    const t = useTestApp(dialect);
    const read = (id: string) => `/profiles/${id}`;
    describe('GET /profiles', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/profiles', scope: 'profiles:read' });
    });
    describe('POST /profiles', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/profiles',
        scope: 'profiles:write',
        body: profileBody(),
      });
    });
    describe('GET /profiles/{id}', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: read,
        scope: 'profiles:read',
        setup: makeProfile,
        read,
      });
    });
    describe('PATCH /profiles/{id}', () => {
      describeRouteSecurity(t, {
        method: 'PATCH',
        path: read,
        scope: 'profiles:write',
        body: { status: 'SUSPENDED', customer_name: 'Changed' },
        setup: makeProfile,
        read,
      });
    });
    describe('DELETE /profiles/{id}', () => {
      describeRouteSecurity(t, {
        method: 'DELETE',
        path: read,
        scope: 'profiles:write',
        setup: makeProfile,
        read,
      });
    });
  });
}
