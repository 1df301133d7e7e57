import type { SignalState } from '../../domain/detection/signal.js';

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
}

/** Who a signal is assigned to, as the wire shows it (`assignee`). */
export interface Assignee {
  id: string;
  email: string;
  name: string | null;
}
