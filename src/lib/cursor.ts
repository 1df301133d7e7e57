import { isUuid } from './ids.js';

/** Opaque list cursor: the last returned ID (UUIDv7 sorts by creation), base64url-encoded. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/** The ID a cursor points after, or undefined when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): string | undefined {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return isUuid(id) ? id : undefined;
}
