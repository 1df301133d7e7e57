/** What a key press in the queue does (the queue screen performs it). */
export type QueueAction =
  | { type: 'move'; index: number }
  | { type: 'open'; index: number }
  | { type: 'assign-me'; index: number }
  | { type: 'review'; index: number; status: 'CONFIRMED' | 'DISMISSED' }
  | { type: 'none' };

/**
 * j/k move, Enter opens, a assigns to me, c/d confirm/dismiss (the screen then asks for a reason).
 * Keys typed into a form field, or with a modifier, are the field's, not the queue's.
 */
export function queueKeyAction(
  key: string,
  current: number,
  length: number,
  context: { inField: boolean; modifier: boolean },
): QueueAction {
  if (context.inField || context.modifier || length === 0) return { type: 'none' };
  const index = Math.min(Math.max(current, 0), length - 1);
  switch (key) {
    case 'j':
      return { type: 'move', index: Math.min(index + 1, length - 1) };
    case 'k':
      return { type: 'move', index: Math.max(index - 1, 0) };
    case 'Enter':
      return { type: 'open', index };
    case 'a':
      return { type: 'assign-me', index };
    case 'c':
      return { type: 'review', index, status: 'CONFIRMED' };
    case 'd':
      return { type: 'review', index, status: 'DISMISSED' };
    default:
      return { type: 'none' };
  }
}
