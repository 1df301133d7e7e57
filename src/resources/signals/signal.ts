import type { Evidence, SignalState } from '../../domain/detection/signal.js';

/** A signal as the store reads and writes it: the domain's state plus the case-workflow fields. */
export interface SignalRecord extends SignalState {
  customerId: string;
  /** The user working the signal; absent on records scoring built (the row keeps its assignee). */
  assigneeId?: string | null;
  assignedAtMs?: number | null;
  /** The assignee's identity, loaded with reads of the API. */
  assignee?: Assignee | null;
  createdAtMs: number;
  updatedAtMs: number;
  /** Set when late data retracted all of the signal's evidence (issue 13). */
  retractedAtMs?: number | null;
  retractionReason?: string | null;
  /** Evidence that stopped holding, newest retraction last; loaded with reads of the API. */
  retractedEvidence?: RetractedEvidence[];
}

/** An evidence item late data retracted: the signal's history keeps it with when and why. */
export interface RetractedEvidence extends Evidence {
  retractedAtMs: number;
  retractionReason: string;
}

/** Who a signal is assigned to, as the wire shows it (`assignee`). */
export interface Assignee {
  id: string;
  email: string;
  name: string | null;
}
