/**
 * Who may set a signal's assignee (issue 10): with `signals:assign` anyone (a supervisor hands out
 * cases); with only `signals:review` a signed-in analyst may take an unassigned or own case, or give
 * up their own. Assigning to the current assignee changes nothing.
 */
export type AssignmentDecision = { ok: true; changed: boolean } | { ok: false; reason: 'NEEDS_ASSIGN_SCOPE' };

export interface AssignmentRequest {
  currentAssigneeId: string | null;
  requestedAssigneeId: string | null;
  /** The signed-in user, or null for an API key. */
  actorUserId: string | null;
  canAssignOthers: boolean;
}

export function decideAssignment(r: AssignmentRequest): AssignmentDecision {
  const changed = r.currentAssigneeId !== r.requestedAssigneeId;
  if (!changed || r.canAssignOthers) return { ok: true, changed };
  const self = r.actorUserId;
  if (self === null) return { ok: false, reason: 'NEEDS_ASSIGN_SCOPE' };
  const takesUnassignedOrOwn =
    r.requestedAssigneeId === self && (r.currentAssigneeId === null || r.currentAssigneeId === self);
  const releasesOwn = r.requestedAssigneeId === null && r.currentAssigneeId === self;
  return takesUnassignedOrOwn || releasesOwn
    ? { ok: true, changed }
    : { ok: false, reason: 'NEEDS_ASSIGN_SCOPE' };
}
