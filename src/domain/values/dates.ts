/** Whole years between a date of birth and a day, both YYYY-MM-DD (the customer's age that day). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return yearsSinceBirth(dateOfBirth, y, m, d);
}

/** ageOn at the UTC day of an instant, without formatting the day as text first (rules call it per item). */
export function ageAt(dateOfBirth: string, atMs: number): number {
  const at = new Date(atMs);
  return yearsSinceBirth(dateOfBirth, at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}

function yearsSinceBirth(dateOfBirth: string, y: number, m: number, d: number): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

// RFC 3339 §5.6 date-time; "T" and "Z" may be lower case (ABNF is case-insensitive), a space may not.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;

function isRealDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * The one reader of API timestamps (issue 12, finding 6): RFC 3339 with a `Z` or `±HH:MM` offset,
 * answered as UTC milliseconds (fractions past the millisecond are dropped), or undefined when the
 * text is not one. Refused: year 0000, days that do not exist, and leap seconds (`:60`): JavaScript
 * time has none, and folding one into the next second would reorder a customer's activity.
 */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, millis);
  return local.getTime() - offsetMinutes * MINUTE_MS;
}

/** Whether text is a calendar date YYYY-MM-DD that exists, year 0001 or later. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Whether an instant falls before the UTC day a customer was born (date_of_birth is a calendar date). */
export function isBeforeBirth(atMs: number, dateOfBirth: string): boolean {
  const birth = parseTimestamp(`${dateOfBirth}T00:00:00Z`);
  return birth !== undefined && atMs < birth;
}

/** parseTimestamp() for text validation has already accepted (a schema's date-time); throws otherwise. */
export function readTimestamp(text: string): number {
  const ms = parseTimestamp(text);
  if (ms === undefined) throw new Error(`not an RFC 3339 timestamp: ${text.slice(0, 40)}`);
  return ms;
}
