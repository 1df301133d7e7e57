import type { LogEvent } from 'kysely';

/**
 * Time this process spent waiting on database statements (Kysely measures each from send to
 * result), summed across every connection. Batch chunks read it before and after to split their
 * time into database and CPU (bench B6's scale-out model); it costs one addition per statement.
 * `onStatement`, when set (tests), sees each statement's SQL: the statements-per-request test uses it.
 */
export const queryTime: { totalMs: number; statements: number; onStatement?: (sql: string) => void } = {
  totalMs: 0,
  statements: 0,
};

export function recordQueryTime(event: LogEvent): void {
  queryTime.totalMs += event.queryDurationMillis;
  queryTime.statements += 1;
  queryTime.onStatement?.(event.query.sql);
}
