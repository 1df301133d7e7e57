import { describe } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { call, useTestApp, type TestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { batchWorker } from '../../../test/helpers/batch-worker.js';

const DRAFT = { draft: { rules: [], signal_threshold: 0.5 } };

for (const dialect of DIALECTS) {
  describe(`${dialect}: backtests security`, () => {
    // Backtests stay QUEUED here: the checks are about who may see and change them, not about running them.
    const worker = batchWorker(dialect, { held: true });
    const t = useTestApp(dialect, { jobs: worker.jobs });
    const makeBacktest = async (app: TestApp, owner: TestTenant) => {
      const res = await call(app.app, owner, { method: 'POST', url: '/v1/backtests', body: DRAFT });
      return res.json<{ id: string }>().id;
    };
    describe('POST /backtests', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/backtests',
        scope: 'rules:write',
        body: DRAFT,
      });
    });
    describe('GET /backtests', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/backtests', scope: 'rules:read' });
    });
    describe('GET /backtests/{id}', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/backtests/${id}`,
        scope: 'rules:read',
        setup: makeBacktest,
      });
    });
    describe('POST /backtests/{id}/cancel', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/backtests/${id}/cancel`,
        scope: 'rules:write',
        setup: makeBacktest,
        read: (id) => `/backtests/${id}`,
      });
    });
    describe('POST /rules/apply-draft', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/rules/apply-draft',
        scope: 'rules:write',
        body: DRAFT,
      });
    });
  });
}
