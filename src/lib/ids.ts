import { uuidv7 } from 'uuidv7';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new time-ordered UUID (v7): sorting IDs sorts by creation time, which list pagination relies on. */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
