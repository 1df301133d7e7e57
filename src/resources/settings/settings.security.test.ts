import { describe } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { useTestApp } from '../../../test/helpers/test-app.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: /settings security`, () => {
    const t = useTestApp(dialect);
    describe('GET /settings', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/settings', scope: 'rules:read' });
    });
    describe('PATCH /settings', () => {
      describeRouteSecurity(t, {
        method: 'PATCH',
        path: () => '/settings',
        scope: 'rules:write',
        body: { signal_threshold: 0.5 },
      });
    });
  });
}
