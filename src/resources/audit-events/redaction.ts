import type { Changes } from './audit-events.store.js';

/** What an audit event shows in place of a personal value: the field changed, not to what. */
export const REDACTED = '[redacted]';

/**
 * The changes with the values of these fields replaced by REDACTED (null stays null, so "set" and
 * "cleared" still read apart). Audit events are append-only and kept for years: personal values in
 * them would outlive the erasure of the person (docs/security.md, Erasure).
 */
export function redactFields(changes: Changes | null, fields: ReadonlySet<string>): Changes | null {
  if (changes === null) return null;
  const hide = (value: unknown) => (value === null || value === undefined ? null : REDACTED);
  return Object.fromEntries(
    Object.entries(changes).map(([field, [before, after]]) =>
      fields.has(field) ? [field, [hide(before), hide(after)]] : [field, [before, after]],
    ),
  );
}
