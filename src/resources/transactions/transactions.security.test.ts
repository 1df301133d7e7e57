import { describe } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { call, useTestApp, type TestApp, type TestTenant } from '../../../test/helpers/test-app.js';

async function makeTransaction(t: TestApp, owner: TestTenant): Promise<string> {
  const profile = await createProfile(t.app, owner);
  const res = await call(t.app, owner, {
    method: 'POST',
    url: `/v1/profiles/${profile.id}/transactions`,
    body: transactionBody(),
  });
  return `${profile.id}/transactions/${res.json<{ transactions: { id: string }[] }>().transactions[0]!.id}`;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: transactions security`, () => {
    const t = useTestApp(dialect);
    const makeProfile = async (app: TestApp, owner: TestTenant) => (await createProfile(app.app, owner)).id;
    describe('POST /profiles/{id}/transactions', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/profiles/${id}/transactions`,
        scope: 'transactions:write',
        body: transactionBody(),
        setup: makeProfile,
        read: (id) => `/profiles/${id}/transactions`,
      });
    });
    describe('GET /profiles/{id}/transactions/{transaction_id}', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/profiles/${id}`,
        scope: 'transactions:read',
        setup: makeTransaction,
      });
    });
    describe('POST /transactions', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/transactions',
        scope: 'transactions:write',
        body: { transactions: [transactionBody()] },
      });
    });
  });
}
