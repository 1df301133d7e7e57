import type { EventDraft, Ledger, TxDraft } from '../ledger.js';
import type { Persona } from '../persona.js';

/**
 * The legitimate life events the simulator labels (issue 13): the confounders behind most false
 * signals. Labels sit in life_events.jsonl only; nothing the API sees names them.
 */
export const LIFE_EVENT_KINDS = [
  'CAR_PURCHASE',
  'ASSISTED_LIVING_MOVE',
  'NEW_CAREGIVER',
  'HOME_REPAIR',
  'HOSPITAL_BILL',
  'GIFT_TO_GRANDCHILD',
  'SPOUSE_FUNERAL',
  'PROPERTY_TAX',
  'NEW_INSURER',
  'TAX_PAYMENT',
  'TRAVEL_ABROAD',
  'NEW_PHONE',
] as const;
export type LifeEventKind = (typeof LIFE_EVENT_KINDS)[number];

/** One life event as generated: its rows, as drafts that receive their external IDs later. */
export interface LifeEventRecord {
  kind: LifeEventKind;
  startMs: number;
  transactions: TxDraft[];
  events: EventDraft[];
}

/** A ledger that also records every row into a new life event of the persona. */
export function lifeEventLedger(
  persona: Persona,
  ledger: Ledger,
  kind: LifeEventKind,
  startMs: number,
): Ledger & { record: LifeEventRecord } {
  const record: LifeEventRecord = { kind, startMs, transactions: [], events: [] };
  persona.lifeEvents.push(record);
  return {
    transactions: ledger.transactions,
    events: ledger.events,
    record,
    add: (draft) => {
      const tx = ledger.add(draft);
      record.transactions.push(tx);
      return tx;
    },
    addEvent: (draft) => {
      const event = ledger.addEvent(draft);
      record.events.push(event);
      return event;
    },
  };
}
