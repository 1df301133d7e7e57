import { describe } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { call, useTestApp, type TestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { batchWorker } from '../../../test/helpers/batch-worker.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: batch runs security`, () => {
    // Runs stay QUEUED here: the checks are about who may see and change them, not about running them.
    const worker = batchWorker(dialect, { held: true });
    const t = useTestApp(dialect, { jobs: worker.jobs });
    const makeRun = async (app: TestApp, owner: TestTenant) => {
      const res = await call(app.app, owner, { method: 'POST', url: '/v1/batch-runs', body: {} });
      return res.json<{ id: string }>().id;
    };
    describe('POST /batch-runs', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/batch-runs',
        scope: 'batch_runs:write',
        body: {},
      });
    });
    describe('GET /batch-runs', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/batch-runs', scope: 'batch_runs:read' });
    });
    describe('GET /batch-runs/{id}', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/batch-runs/${id}`,
        scope: 'batch_runs:read',
        setup: makeRun,
      });
    });
    describe('POST /batch-runs/{id}/cancel', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/batch-runs/${id}/cancel`,
        scope: 'batch_runs:write',
        setup: makeRun,
        read: (id) => `/batch-runs/${id}`,
      });
    });
  });
}
