import { isUuid } from './ids.js';

export interface CursorPosition {
  /** The last returned ID (UUIDv7, sortable by creation). */
  id: string;
  /** For lists ordered by a time before the ID (e.g. occurred_at), that time in epoch ms. */
  atMs?: number;
}

/** Opaque list cursor: the position after which the next page starts, base64url-encoded. */
export function encodeCursor(position: CursorPosition): string {
  const text = position.atMs === undefined ? position.id : `${position.atMs}|${position.id}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The position a cursor points after, or undefined when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): CursorPosition | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [first, second] = text.split('|');
  if (second === undefined) return first !== undefined && isUuid(first) ? { id: first } : undefined;
  const atMs = Number(first);
  return Number.isSafeInteger(atMs) && isUuid(second) ? { id: second, atMs } : undefined;
}
