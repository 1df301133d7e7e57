import { describe, expect, test } from 'vitest';
import { decideAssignment } from './signal-assignment.js';

const ME = 'me-id';
const OTHER = 'other-id';

describe('decideAssignment()', () => {
  test.each([
    // current, requested, actor, canAssignOthers, expected
    [null, ME, ME, false, { ok: true, changed: true }],
    [ME, null, ME, false, { ok: true, changed: true }],
    [ME, ME, ME, false, { ok: true, changed: false }],
    [null, OTHER, ME, false, { ok: false, reason: 'NEEDS_ASSIGN_SCOPE' }],
    [OTHER, ME, ME, false, { ok: false, reason: 'NEEDS_ASSIGN_SCOPE' }],
    [OTHER, null, ME, false, { ok: false, reason: 'NEEDS_ASSIGN_SCOPE' }],
    [null, ME, null, false, { ok: false, reason: 'NEEDS_ASSIGN_SCOPE' }],
    [null, null, null, false, { ok: true, changed: false }],
    [OTHER, ME, ME, true, { ok: true, changed: true }],
    [ME, OTHER, null, true, { ok: true, changed: true }],
    [OTHER, null, null, true, { ok: true, changed: true }],
  ])(
    'from %s to %s by %s (assign scope: %s) → %j',
    (current, requested, actor, canAssignOthers, expected) => {
      expect(
        decideAssignment({
          currentAssigneeId: current,
          requestedAssigneeId: requested,
          actorUserId: actor,
          canAssignOthers,
        }),
      ).toEqual(expected);
    },
  );
});
