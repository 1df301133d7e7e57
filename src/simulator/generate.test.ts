import { describe, expect, test } from 'vitest';
import { ageOn } from '../domain/values/dates.js';
import { ENROLLMENT_REASONS } from '../domain/values/enums.js';
import { generatePopulation, type Population } from './generate.js';
import { TYPOLOGIES } from './scenarios/scenario.js';
import { CHANNELS, EVENT_TYPES, type WireEvent, type WireTransaction } from './wire.js';

const OPTIONS = { profiles: 120, months: 12, seed: 2024 };
const population = generatePopulation(OPTIONS);

function byCustomer<T extends { customer_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.customer_id, [...(groups.get(row.customer_id) ?? []), row]);
  return groups;
}

const transactionsOf = byCustomer(population.transactions);
const eventsOf = byCustomer(population.events);

function rowsOfLabel(label: Population['labels'][number]): { txs: WireTransaction[]; events: WireEvent[] } {
  const txIds = new Set(label.transaction_external_ids);
  const eventIds = new Set(label.event_external_ids);
  return {
    txs: (transactionsOf.get(label.customer_id) ?? []).filter((tx) => txIds.has(tx.external_id)),
    events: (eventsOf.get(label.customer_id) ?? []).filter((event) => eventIds.has(event.external_id)),
  };
}

describe('generatePopulation()', () => {
  test('returns the same records for the same options', () => {
    expect(generatePopulation({ profiles: 15, months: 4, seed: 9 })).toEqual(
      generatePopulation({ profiles: 15, months: 4, seed: 9 }),
    );
  });

  test('returns different records for a different seed', () => {
    const a = generatePopulation({ profiles: 15, months: 4, seed: 9 });
    const b = generatePopulation({ profiles: 15, months: 4, seed: 10 });
    expect(a.transactions).not.toEqual(b.transactions);
  });

  test('injects every typology once there are as many scenario profiles as typologies', () => {
    expect(population.labels).toHaveLength(Math.round(OPTIONS.profiles * 0.15));
    expect(new Set(population.labels.map((label) => label.typology))).toEqual(new Set(TYPOLOGIES));
  });

  test('gives clean profiles no labels and scenario profiles exactly one', () => {
    const labelled = population.labels.map((label) => label.customer_id);
    expect(new Set(labelled).size).toBe(labelled.length);
    expect(generatePopulation({ ...OPTIONS, profiles: 30, scenarioRate: 0 }).labels).toEqual([]);
  });

  test('numbers customers SIM-000001 onwards with ages 60 to 100 at the end date', () => {
    population.profiles.forEach((profile, i) => {
      expect(profile.customer_id).toBe(`SIM-${String(i + 1).padStart(6, '0')}`);
      const age = ageOn(profile.date_of_birth, '2026-11-01');
      expect(age).toBeGreaterThanOrEqual(60);
      expect(age).toBeLessThanOrEqual(100);
      expect(ENROLLMENT_REASONS).toContain(profile.enrollment_reason);
      if (profile.enrollment_reason === 'OTHER') expect(profile.enrollment_notes).toBeTruthy();
      expect(profile.currency).toBe('USD');
    });
  });

  test('gives most customers a trusted contact', () => {
    const withContact = population.profiles.filter((profile) => profile.trusted_contact !== undefined).length;
    expect(withContact / population.profiles.length).toBeGreaterThan(0.5);
  });

  test('keeps amounts positive with at most two decimals', () => {
    const bad = population.transactions.filter(
      (tx) => !(tx.amount > 0) || !/^\d+(\.\d{1,2})?$/.test(String(tx.amount)),
    );
    expect(bad).toEqual([]);
  });

  test('uses only the wire enums of the API', () => {
    expect(population.transactions.filter((tx) => !CHANNELS.includes(tx.channel))).toEqual([]);
    expect(population.events.filter((event) => !EVENT_TYPES.includes(event.event_type))).toEqual([]);
  });

  test('keeps external IDs unique per customer', () => {
    for (const rows of [...transactionsOf.values(), ...eventsOf.values()]) {
      expect(new Set(rows.map((row) => row.external_id)).size).toBe(rows.length);
    }
  });

  test("sorts each customer's rows by occurred_at, all inside the simulated period", () => {
    for (const rows of [...transactionsOf.values(), ...eventsOf.values()]) {
      const times = rows.map((row) => row.occurred_at);
      expect(times).toEqual([...times].sort());
      expect(times[0]! >= '2025-11-01T00:00:00.000Z').toBe(true);
      expect(times.at(-1)! < '2026-11-01T00:00:00.000Z').toBe(true);
    }
  });

  test('keeps balance_after consistent with each amount', () => {
    const cents = (major: number): number => Math.round(major * 100);
    const bad: WireTransaction[] = [];
    for (const rows of transactionsOf.values()) {
      for (let i = 1; i < rows.length; i++) {
        const tx = rows[i]!;
        const signed = tx.direction === 'CREDIT' ? cents(tx.amount) : -cents(tx.amount);
        if (cents(rows[i - 1]!.balance_after) + signed !== cents(tx.balance_after)) bad.push(tx);
      }
    }
    expect(bad).toEqual([]);
  });

  test('labels only rows that exist, at or after the scenario start', () => {
    for (const label of population.labels) {
      const { txs, events } = rowsOfLabel(label);
      expect(txs).toHaveLength(label.transaction_external_ids.length);
      expect(events).toHaveLength(label.event_external_ids.length);
      expect(txs.length).toBeGreaterThan(0);
      for (const row of [...txs, ...events]) expect(row.occurred_at >= label.start_at).toBe(true);
      const out = txs
        .filter((tx) => tx.direction === 'DEBIT')
        .reduce((sum, tx) => sum + Math.round(tx.amount * 100), 0);
      expect(Math.round(label.amount * 100)).toBe(out);
    }
  });

  test('starts scenarios when between a half and a third of the period remains', () => {
    for (const label of population.labels) {
      expect(label.start_at >= '2026-05-01').toBe(true);
      expect(label.start_at < '2026-07-05').toBe(true);
    }
  });

  test('marks post-death profiles DECEASED and places the misuse after the date of death', () => {
    const postDeath = population.labels.filter((label) => label.typology === 'post_death');
    for (const label of postDeath) {
      const profile = population.profiles.find((p) => p.customer_id === label.customer_id)!;
      expect(profile.status).toBe('DECEASED');
      for (const tx of rowsOfLabel(label).txs) expect(tx.occurred_at > profile.date_of_death!).toBe(true);
    }
  });

  test('puts no ground truth in the records a bank would send', () => {
    const keys = (rows: object[]): string[] => [...new Set(rows.flatMap((row) => Object.keys(row)))].sort();
    expect(keys(population.transactions)).toEqual(
      [
        'customer_id',
        'external_id',
        'occurred_at',
        'amount',
        'direction',
        'channel',
        'counterparty_id',
        'counterparty_name',
        'counterparty_type',
        'counterparty_relationship',
        'counterparty_country',
        'merchant_category_code',
        'description',
        'country',
        'device_id',
        'initiated_by',
        'balance_after',
      ].sort(),
    );
    const eventKeys = [
      'customer_id',
      'external_id',
      'occurred_at',
      'event_type',
      'party_id',
      'party_name',
      'device_id',
      'country',
      'details',
    ];
    expect(keys(population.events).every((key) => eventKeys.includes(key))).toBe(true);
    const text = JSON.stringify([population.profiles, population.transactions, population.events]);
    expect(text).not.toMatch(/scenario|typology/i);
  });

  test('rejects options out of range', () => {
    expect(() => generatePopulation({ profiles: 0, months: 12, seed: 1 })).toThrow(RangeError);
    expect(() => generatePopulation({ profiles: 5, months: 12, seed: 1, scenarioRate: 2 })).toThrow(
      RangeError,
    );
    expect(() => generatePopulation({ profiles: 5, months: 12, seed: 1, endDate: '2026-02-30' })).toThrow();
  });
});

describe('life events (issue 13)', () => {
  const large = generatePopulation({ profiles: 600, months: 12, seed: 77 });
  const victims = new Set(large.labels.map((l) => l.customer_id));
  const txOf = byCustomer(large.transactions);
  const evOf = byCustomer(large.events);

  test('label rows that exist in that customer’s own records, with the money they paid out', () => {
    expect(large.lifeEvents.length).toBeGreaterThan(0);
    for (const life of large.lifeEvents) {
      const txs = (txOf.get(life.customer_id) ?? []).filter((t) =>
        life.transaction_external_ids.includes(t.external_id),
      );
      const events = (evOf.get(life.customer_id) ?? []).filter((e) =>
        life.event_external_ids.includes(e.external_id),
      );
      expect(txs).toHaveLength(life.transaction_external_ids.length);
      expect(events).toHaveLength(life.event_external_ids.length);
      const paid = txs.filter((t) => t.direction === 'DEBIT').reduce((s, t) => s + t.amount, 0);
      expect(life.amount).toBeCloseTo(paid, 2);
    }
  });

  test('cover every kind the issue names, on a realistic share of clean customers', () => {
    const kinds = new Set(large.lifeEvents.map((l) => l.kind));
    for (const kind of [
      'CAR_PURCHASE',
      'ASSISTED_LIVING_MOVE',
      'NEW_CAREGIVER',
      'HOME_REPAIR',
      'HOSPITAL_BILL',
      'GIFT_TO_GRANDCHILD',
      'SPOUSE_FUNERAL',
      'PROPERTY_TAX',
      'TAX_PAYMENT',
      'TRAVEL_ABROAD',
    ])
      expect(kinds).toContain(kind);
    const clean = large.profiles.filter((p) => !victims.has(p.customer_id));
    const withLife = new Set(
      large.lifeEvents.filter((l) => !victims.has(l.customer_id)).map((l) => l.customer_id),
    );
    // Over a year, between a third and three quarters of older customers have at least one.
    expect(withLife.size / clean.length).toBeGreaterThan(0.33);
    expect(withLife.size / clean.length).toBeLessThan(0.75);
  });

  test('an assisted-living move is an address change and then payments to the facility', () => {
    const move = large.lifeEvents.find(
      (l) => l.kind === 'ASSISTED_LIVING_MOVE' && l.event_external_ids.length > 0,
    );
    expect(move).toBeDefined();
    const events = (evOf.get(move!.customer_id) ?? []).filter((e) =>
      move!.event_external_ids.includes(e.external_id),
    );
    const txs = (txOf.get(move!.customer_id) ?? []).filter((t) =>
      move!.transaction_external_ids.includes(t.external_id),
    );
    expect(events.map((e) => e.event_type)).toContain('ADDRESS_CHANGE');
    const changedAt = Math.min(
      ...events.filter((e) => e.event_type === 'ADDRESS_CHANGE').map((e) => Date.parse(e.occurred_at)),
    );
    expect(txs.length).toBeGreaterThan(0);
    for (const t of txs) {
      expect(Date.parse(t.occurred_at)).toBeGreaterThan(changedAt);
      expect(t.counterparty_type).toBe('BUSINESS');
    }
  });

  test('never reach the records the API sees', () => {
    const wire = JSON.stringify([large.profiles, large.transactions, large.events]);
    for (const kind of ['CAR_PURCHASE', 'ASSISTED_LIVING_MOVE', 'life_event', 'kind'])
      expect(wire).not.toContain(kind);
  });
});
