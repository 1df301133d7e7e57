/** Calendar arithmetic in UTC milliseconds for the simulator; no clock is ever read. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Midnight UTC of a YYYY-MM-DD day, or an error for anything else. */
export function parseDay(day: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(ms) || isoDay(ms) !== day) throw new Error(`not a YYYY-MM-DD date: ${day}`);
  return ms;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Midnight UTC of the day holding ms. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The same day of month n months later (clamped to the month's end). */
export function addMonths(dayMs: number, months: number): number {
  const date = new Date(dayMs);
  const target = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
  const day = Math.min(date.getUTCDate(), daysInMonth(target));
  return target + (day - 1) * DAY_MS;
}

export function daysInMonth(ms: number): number {
  const date = new Date(ms);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(ms: number): number {
  return new Date(ms).getUTCDay();
}

export function monthOf(ms: number): number {
  return new Date(ms).getUTCMonth() + 1;
}

export function dayOfMonth(ms: number): number {
  return new Date(ms).getUTCDate();
}

/** Midnight UTC of the first day of every month that starts in [fromMs, toMs), plus fromMs's own month. */
export function monthStarts(fromMs: number, toMs: number): number[] {
  const first = new Date(fromMs);
  const starts: number[] = [];
  for (let i = 0; ; i++) {
    const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1);
    if (start >= toMs) return starts;
    starts.push(start);
  }
}

/** The n-th (1-based) given weekday of the month starting at monthStartMs. */
export function nthWeekday(monthStartMs: number, day: number, n: number): number {
  const offset = (day - weekday(monthStartMs) + 7) % 7;
  return monthStartMs + (offset + 7 * (n - 1)) * DAY_MS;
}

/** The day itself, or the Friday before when it falls on a weekend (how ACH credits settle). */
export function businessDayOnOrBefore(dayMs: number): number {
  const day = weekday(dayMs);
  if (day === 6) return dayMs - DAY_MS;
  if (day === 0) return dayMs - 2 * DAY_MS;
  return dayMs;
}

/** Day of month in the month starting at monthStartMs, clamped to its last day. */
export function dayInMonth(monthStartMs: number, day: number): number {
  return monthStartMs + (Math.min(day, daysInMonth(monthStartMs)) - 1) * DAY_MS;
}

/** The day itself, or the Monday after when it falls on a weekend. */
export function businessDayOnOrAfter(dayMs: number): number {
  const day = weekday(dayMs);
  if (day === 6) return dayMs + 2 * DAY_MS;
  if (day === 0) return dayMs + DAY_MS;
  return dayMs;
}

export function yearOf(ms: number): number {
  return new Date(ms).getUTCFullYear();
}
