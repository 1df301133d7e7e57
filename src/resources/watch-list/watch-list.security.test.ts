import { describe } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { useTestApp } from '../../../test/helpers/test-app.js';
import { confirmPayment, entryId } from './watch-list.testing.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: /watch-list security`, () => {
    const t = useTestApp(dialect);
    describe('GET /watch-list', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/watch-list', scope: 'signals:read' });
    });
    describe('DELETE /watch-list/{id}', () => {
      describeRouteSecurity(t, {
        method: 'DELETE',
        path: (id) => `/watch-list/${id}`,
        scope: 'rules:write',
        setup: async (app, owner) => {
          await confirmPayment(app, owner, 'CP-SECURITY');
          return entryId(app, owner, 'CP-SECURITY');
        },
        read: () => '/watch-list',
      });
    });
  });
}
