import type { TenantContext } from '../../api/context.js';
import type { Executor } from '../../store/transaction.js';

/** Profile fields that describe the person (api.md §5.1): never kept as values in the audit trail. */
export const PERSONAL_PROFILE_FIELDS: ReadonlySet<string> = new Set([
  'customer_name',
  'date_of_birth',
  'enrollment_notes',
  'trusted_contact',
  'date_of_death',
  'metadata',
]);

/** Analyst free text on a signal, which may name the customer or family: kept on the signal, not in audit. */
export const PERSONAL_SIGNAL_FIELDS: ReadonlySet<string> = new Set(['notes']);

/**
 * Erases what a deleted profile leaves outside its own rows (which cascade): webhook events whose
 * body names it (with their attempts) and idempotency replay bodies that name it. Audit events need
 * nothing: they never hold personal values (profiles.service.ts, signals.service.ts redact them
 * when written; migration 010 redacted older ones), and they are append-only.
 */
export async function erasePersonalTraces(
  trx: Executor,
  ctx: Pick<TenantContext, 'tenantId' | 'environment'>,
  profileId: string,
): Promise<void> {
  // IDs are UUIDs: no LIKE wildcard can occur in the pattern.
  const naming = `%${profileId}%`;
  const events = await trx
    .selectFrom('webhook_events')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('environment', '=', ctx.environment)
    .where('payload', 'like', naming)
    .execute();
  const eventIds = events.map((e) => e.id);
  for (let i = 0; i < eventIds.length; i += 500) {
    const slice = eventIds.slice(i, i + 500);
    await trx.deleteFrom('webhook_deliveries').where('event_id', 'in', slice).execute();
    await trx.deleteFrom('webhook_events').where('id', 'in', slice).execute();
  }
  await trx
    .deleteFrom('idempotency_keys')
    .where('tenant_id', '=', ctx.tenantId)
    .where('environment', '=', ctx.environment)
    .where('response_body', 'like', naming)
    .execute();
}
