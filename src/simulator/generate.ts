import { planScenarios } from './assignment.js';
import { finalizeLedger, createLedger, toMajor } from './ledger.js';
import { addCircumstances } from './life/circumstances.js';
import { addEverydayLife } from './life/everyday.js';
import type { LifeEventKind, LifeEventRecord } from './life/life-event.js';
import { buildPersona, localTime, type Period } from './persona.js';
import { toWireProfile } from './profile-record.js';
import { createRandom } from './random.js';
import { SCENARIOS } from './scenarios/index.js';
import {
  createScenarioContext,
  type Scenario,
  type ScenarioCategory,
  type RecordingContext,
  type Typology,
} from './scenarios/scenario.js';
import { addMonths, isoTime, parseDay, startOfDay } from './time.js';
import type { WireEvent, WireProfile, WireTransaction } from './wire.js';

export interface SimulationOptions {
  profiles: number;
  months: number;
  seed: number;
  /** Share of profiles given an exploitation scenario; default 0.15. */
  scenarioRate?: number;
  /** End of the simulated period, exclusive, YYYY-MM-DD; default '2026-11-01' so output never depends on the clock. */
  endDate?: string;
}

/** The ground truth for one injected scenario; never part of the records a bank would send. */
export interface ScenarioLabel {
  customer_id: string;
  typology: Typology;
  category: ScenarioCategory;
  start_at: string;
  transaction_external_ids: string[];
  event_external_ids: string[];
  /** Money the scenario took out of the account, in major units. */
  amount: number;
}

/** The ground truth for one legitimate life event (a car, a move, a funeral); never sent to the API. */
export interface LifeEventLabel {
  customer_id: string;
  kind: LifeEventKind;
  start_at: string;
  transaction_external_ids: string[];
  event_external_ids: string[];
  /** Money the life event paid out, in major units. */
  amount: number;
}

/** One customer's records, generated together so a population can be streamed profile by profile. */
export interface ProfileBundle {
  profile: WireProfile;
  transactions: WireTransaction[];
  events: WireEvent[];
  labels: ScenarioLabel[];
  lifeEvents: LifeEventLabel[];
}

export interface Population {
  profiles: WireProfile[];
  transactions: WireTransaction[];
  events: WireEvent[];
  labels: ScenarioLabel[];
  lifeEvents: LifeEventLabel[];
}

export const DEFAULT_SCENARIO_RATE = 0.15;
export const DEFAULT_END_DATE = '2026-11-01';

export function resolveOptions(options: SimulationOptions): Required<SimulationOptions> {
  const resolved = {
    ...options,
    scenarioRate: options.scenarioRate ?? DEFAULT_SCENARIO_RATE,
    endDate: options.endDate ?? DEFAULT_END_DATE,
  };
  const check = (ok: boolean, message: string): void => {
    if (!ok) throw new RangeError(message);
  };
  check(
    Number.isInteger(resolved.profiles) && resolved.profiles >= 1 && resolved.profiles <= 999_999,
    'profiles must be an integer from 1 to 999999',
  );
  check(
    Number.isInteger(resolved.months) && resolved.months >= 1 && resolved.months <= 120,
    'months must be an integer from 1 to 120',
  );
  check(Number.isSafeInteger(resolved.seed), 'seed must be an integer');
  check(resolved.scenarioRate >= 0 && resolved.scenarioRate <= 1, 'scenario rate must be between 0 and 1');
  parseDay(resolved.endDate);
  return resolved;
}

/** The simulated period: `months` calendar months ending (exclusive) at the end date. */
function simulatedPeriod(options: SimulationOptions): Period {
  const toMs = parseDay(options.endDate ?? DEFAULT_END_DATE);
  return { fromMs: addMonths(toMs, -options.months), toMs };
}

function labelOf(scenario: Scenario, customerId: string, context: RecordingContext): ScenarioLabel {
  // Rows outside the period were dropped and kept no external ID.
  const transactions = context.rows.transactions.filter((tx) => tx.externalId !== '');
  const events = context.rows.events.filter((event) => event.externalId !== '');
  return {
    customer_id: customerId,
    typology: scenario.typology,
    category: scenario.category,
    start_at: isoTime(context.startMs),
    // External IDs are numbered in time order, so sorting them lists the rows as they happened.
    transaction_external_ids: transactions.map((tx) => tx.externalId).sort(),
    event_external_ids: events.map((event) => event.externalId).sort(),
    amount: toMajor(
      transactions.reduce((sum, tx) => sum + (tx.direction === 'DEBIT' ? tx.amountCents : 0), 0),
    ),
  };
}

function lifeEventLabel(record: LifeEventRecord, customerId: string): LifeEventLabel | undefined {
  const transactions = record.transactions.filter((tx) => tx.externalId !== '');
  const events = record.events.filter((event) => event.externalId !== '');
  // A life event wholly outside the period (or after a death) left no rows: nothing to label.
  if (transactions.length === 0 && events.length === 0) return undefined;
  return {
    customer_id: customerId,
    kind: record.kind,
    start_at: isoTime(record.startMs),
    transaction_external_ids: transactions.map((tx) => tx.externalId).sort(),
    event_external_ids: events.map((event) => event.externalId).sort(),
    amount: toMajor(
      transactions.reduce((sum, tx) => sum + (tx.direction === 'DEBIT' ? tx.amountCents : 0), 0),
    ),
  };
}

function generateProfile(
  seed: number,
  index: number,
  period: Period,
  typology: Typology | undefined,
): ProfileBundle {
  const random = createRandom(`${seed}/profile/${index}`);
  const persona = buildPersona(random.fork('persona'), index, period);
  addCircumstances(random.fork('circumstances'), persona, typology !== undefined);
  const ledger = createLedger();
  const scenario = typology === undefined ? undefined : SCENARIOS[typology];
  const scenarioRandom = random.fork('scenario');
  // Scenarios start when between a half and a third of the period is left.
  const startDay = startOfDay(
    period.fromMs + (period.toMs - period.fromMs) * scenarioRandom.uniform(0.5, 0.67),
  );
  const startMs = localTime(persona, startDay, 0, 0);
  scenario?.prepare?.(scenarioRandom, persona, startMs);
  addEverydayLife(random.fork('life'), persona, ledger);
  let context: RecordingContext | undefined;
  if (scenario !== undefined) {
    context = createScenarioContext(scenarioRandom, persona, ledger, startMs);
    scenario.inject(context);
  }
  const { transactions, events } = finalizeLedger(ledger, {
    customerId: persona.customerId,
    idStem: persona.idStem,
    openingBalanceCents: persona.openingBalanceCents,
    savings: persona.savings,
    ...period,
  });
  const labels =
    scenario === undefined || context === undefined ? [] : [labelOf(scenario, persona.customerId, context)];
  const lifeEvents = persona.lifeEvents.flatMap((record) => lifeEventLabel(record, persona.customerId) ?? []);
  return { profile: toWireProfile(persona), transactions, events, labels, lifeEvents };
}

/**
 * Generates a synthetic population one profile at a time, in customer order, so a large one never
 * sits in memory whole (detection.md §5). The same options always give the same records.
 */
export function* generateProfiles(options: SimulationOptions): Generator<ProfileBundle> {
  const resolved = resolveOptions(options);
  const period = simulatedPeriod(resolved);
  const typologyOf = planScenarios(resolved.seed, resolved.profiles, resolved.scenarioRate);
  for (let index = 0; index < resolved.profiles; index++) {
    yield generateProfile(resolved.seed, index, period, typologyOf(index));
  }
}

/** The whole population in memory: for tests and small runs; use generateProfiles for large ones. */
export function generatePopulation(options: SimulationOptions): Population {
  const population: Population = { profiles: [], transactions: [], events: [], labels: [], lifeEvents: [] };
  for (const bundle of generateProfiles(options)) {
    population.profiles.push(bundle.profile);
    population.transactions.push(...bundle.transactions);
    population.events.push(...bundle.events);
    population.labels.push(...bundle.labels);
    population.lifeEvents.push(...bundle.lifeEvents);
  }
  return population;
}
