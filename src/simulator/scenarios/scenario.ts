import type { Counterparty, EventDraft, Ledger, TxDraft } from '../ledger.js';
import { counterpartyId } from '../names.js';
import { localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay } from '../time.js';

/** The typologies the simulator injects (detection.md §5); each maps to one signal category. */
export const TYPOLOGIES = [
  'romance',
  'tech_support',
  'government_imposter',
  'grandparent',
  'lottery',
  'investment',
  'money_mule',
  'account_takeover',
  'family_atm',
  'caregiver_creep',
  'poa_drain',
  'dormant_drain',
  'post_death',
] as const;
export type Typology = (typeof TYPOLOGIES)[number];

export type ScenarioCategory =
  | 'SCAM_ROMANCE'
  | 'SCAM_TECH_SUPPORT'
  | 'SCAM_GOVERNMENT_IMPOSTER'
  | 'SCAM_PERSON_IN_NEED'
  | 'SCAM_LOTTERY_SWEEPSTAKES'
  | 'SCAM_INVESTMENT'
  | 'MONEY_MULE_VICTIM'
  | 'ACCOUNT_TAKEOVER'
  | 'THEFT_FAMILY'
  | 'THEFT_CAREGIVER'
  | 'THEFT_FIDUCIARY'
  | 'POST_DEATH_ACTIVITY';

/** What one scenario wrote: its rows, as drafts that receive their external IDs later. */
export interface ScenarioRows {
  transactions: TxDraft[];
  events: EventDraft[];
}

export interface ScenarioContext {
  random: Random;
  persona: Persona;
  /** When the exploitation begins; no scenario row comes before it. */
  startMs: number;
  /** Records every row the scenario adds, for its label. */
  add(draft: Omit<TxDraft, 'externalId'>): TxDraft;
  addEvent(draft: Omit<EventDraft, 'externalId'>): EventDraft;
  /** A time `days` after the start of the scenario, at a local hour of the customer's day. */
  at(days: number, hour: number, minute?: number): number;
}

export interface Scenario {
  typology: Typology;
  category: ScenarioCategory;
  /** Shapes the customer's circumstances before everyday life is generated (e.g. a death, a dormant account). */
  prepare?(random: Random, persona: Persona, startMs: number): void;
  inject(context: ScenarioContext): void;
}

/** A scenario context that also keeps the rows it recorded, for the label. */
export type RecordingContext = ScenarioContext & { rows: ScenarioRows };

export function createScenarioContext(
  random: Random,
  persona: Persona,
  ledger: Ledger,
  startMs: number,
): RecordingContext {
  const rows: ScenarioRows = { transactions: [], events: [] };
  const day0 = startOfDay(startMs);
  return {
    random,
    persona,
    startMs,
    rows,
    add: (draft) => {
      const tx = ledger.add({ ...draft, atMs: Math.max(draft.atMs, startMs) });
      rows.transactions.push(tx);
      return tx;
    },
    addEvent: (draft) => {
      const event = ledger.addEvent({ ...draft, atMs: Math.max(draft.atMs, startMs) });
      rows.events.push(event);
      return event;
    },
    at: (days, hour, minute) =>
      localTime(persona, day0 + Math.floor(days) * DAY_MS, hour, minute ?? random.int(0, 59)),
  };
}

/** A payee the customer has never dealt with, as a core system would record it. */
export function stranger(
  name: string,
  country: string,
  type: 'INDIVIDUAL' | 'BUSINESS' = 'INDIVIDUAL',
): Counterparty {
  return { id: counterpartyId(type, `${name}/${country}`), name, type, country };
}

/** Rounds dollars to a sum a person would choose: to the nearest 50 above 1,000, else to 10. */
export function roundish(dollars: number): number {
  const step = dollars >= 1000 ? 50 : 10;
  return Math.max(step, Math.round(dollars / step) * step) * 100;
}
