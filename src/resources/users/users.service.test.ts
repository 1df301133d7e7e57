import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { createTenant, useTestApp } from '../../../test/helpers/test-app.js';
import { systemClock } from '../../lib/clock.js';
import { verifyPassword } from '../../lib/password.js';
import { createSessionsStore } from '../sessions/sessions.store.js';
import { createUsersService } from './users.service.js';
import { createUsersStore } from './users.store.js';

const operator = (tenantId: string) => ({
  tenantId,
  environment: 'production' as const,
  actor: { apiKeyId: null, userId: null, name: 'operator' },
  requestId: 'test',
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: users service`, () => {
    const t = useTestApp(dialect);
    const service = () =>
      createUsersService({
        db: t.db.kysely,
        store: createUsersStore(t.db.kysely),
        sessions: createSessionsStore(t.db.kysely),
        clock: systemClock,
      });

    test('creates a user with a one-time password stored only as a salted scrypt hash', async () => {
      const tenant = await createTenant(t);
      const { user, oneTimePassword } = await service().create(operator(tenant.tenantId), {
        email: ' Ada.Analyst@Example.COM ',
        role: 'analyst',
      });
      expect(oneTimePassword).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
      expect(user).toMatchObject({ email: 'ada.analyst@example.com', name: 'ada.analyst@example.com' });
      const stored = await service().get(tenant.tenantId, user.id);
      expect(stored).toMatchObject({ role: 'analyst', status: 'ACTIVE', passwordMustChange: true });
      expect(stored.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(stored.passwordHash).not.toContain(oneTimePassword);
      expect(await verifyPassword(oneTimePassword, stored.passwordHash)).toBe(true);
      expect(await verifyPassword(`${oneTimePassword}x`, stored.passwordHash)).toBe(false);
    });

    test('refuses a second user with the same email in a tenant, whatever its case, but not in another', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      await service().create(operator(tenant.tenantId), { email: 'sam@example.com', role: 'admin' });
      await expect(
        service().create(operator(tenant.tenantId), { email: 'SAM@example.com', role: 'analyst' }),
      ).rejects.toMatchObject({ code: 'USER_ALREADY_EXISTS', status: 409 });
      const elsewhere = await service().create(operator(other.tenantId), {
        email: 'sam@example.com',
        role: 'analyst',
      });
      expect(elsewhere.user.tenantId).toBe(other.tenantId);
    });

    test("another tenant's user is not found", async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const { user } = await service().create(operator(tenant.tenantId), {
        email: 'lee@example.com',
        role: 'supervisor',
      });
      await expect(service().get(other.tenantId, user.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'user not found',
      });
    });
  });
}
