import { describe, expect, test } from 'vitest';
import { generatePopulation, type ScenarioLabel } from '../generate.js';
import type { WireEvent, WireTransaction } from '../wire.js';
import { TYPOLOGIES, type Typology } from './scenario.js';

// Every profile gets a scenario: five of each typology.
const population = generatePopulation({
  profiles: TYPOLOGIES.length * 5,
  months: 12,
  seed: 77,
  scenarioRate: 1,
});

interface Case {
  label: ScenarioLabel;
  all: WireTransaction[];
  txs: WireTransaction[];
  events: WireEvent[];
  allEvents: WireEvent[];
}

function casesOf(typology: Typology): Case[] {
  return population.labels
    .filter((label) => label.typology === typology)
    .map((label) => {
      const all = population.transactions.filter((tx) => tx.customer_id === label.customer_id);
      const allEvents = population.events.filter((event) => event.customer_id === label.customer_id);
      return {
        label,
        all,
        allEvents,
        txs: all.filter((tx) => label.transaction_external_ids.includes(tx.external_id)),
        events: allEvents.filter((event) => label.event_external_ids.includes(event.external_id)),
      };
    });
}

const debits = (txs: WireTransaction[]): WireTransaction[] => txs.filter((tx) => tx.direction === 'DEBIT');
const hours = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;

describe('scenarios', () => {
  test('deal the typologies round-robin, five of each over 65 scenario profiles', () => {
    for (const typology of TYPOLOGIES) expect(casesOf(typology)).toHaveLength(5);
  });

  test('romance sends repeated payments to one new payee', () => {
    for (const { txs } of casesOf('romance')) {
      const payees = new Set(debits(txs).map((tx) => tx.counterparty_id));
      expect(payees.size).toBe(1);
      expect(debits(txs).length).toBeGreaterThanOrEqual(4);
    }
  });

  test('tech support buys gift cards', () => {
    for (const { txs } of casesOf('tech_support'))
      expect(txs.some((tx) => tx.channel === 'GIFT_CARD')).toBe(true);
  });

  test('government imposters take cash out first', () => {
    for (const { txs } of casesOf('government_imposter'))
      expect(['TELLER', 'ATM']).toContain(txs[0]?.channel);
  });

  test('investment scams start with a crypto purchase', () => {
    for (const { txs } of casesOf('investment')) expect(txs[0]?.channel).toBe('CRYPTO');
  });

  test('money mules forward each third-party credit within two days', () => {
    for (const { txs } of casesOf('money_mule')) {
      const credits = txs.filter((tx) => tx.direction === 'CREDIT');
      expect(credits.length).toBeGreaterThanOrEqual(2);
      for (const credit of credits) {
        const forwarded = debits(txs).find((tx) => tx.occurred_at >= credit.occurred_at);
        expect(hours(credit.occurred_at, forwarded!.occurred_at)).toBeLessThan(48);
        expect(forwarded!.amount).toBeLessThan(credit.amount);
      }
    }
  });

  test('account takeover logs in from a new device that then moves the money', () => {
    for (const { txs, events } of casesOf('account_takeover')) {
      const login = events.find((event) => event.event_type === 'NEW_DEVICE_LOGIN');
      expect(login).toBeDefined();
      for (const tx of txs) expect(tx.device_id).toBe(login!.device_id);
    }
  });

  test('family ATM theft takes cash from the ATM many times', () => {
    for (const { txs } of casesOf('family_atm'))
      expect(txs.filter((tx) => tx.channel === 'ATM').length).toBeGreaterThanOrEqual(3);
  });

  test('caregiver creep follows months of payments at the going rate', () => {
    for (const { all, label } of casesOf('caregiver_creep')) {
      const before = all.filter(
        (tx) => tx.counterparty_relationship === 'CAREGIVER' && tx.occurred_at < label.start_at,
      );
      expect(before.length).toBeGreaterThan(5);
    }
  });

  test('POA drain pays the agent named in the POA_ADDED event, on the agent’s initiative', () => {
    for (const { txs, events } of casesOf('poa_drain')) {
      const poa = events.find((event) => event.event_type === 'POA_ADDED');
      expect(poa?.party_id).toBeDefined();
      for (const tx of debits(txs)) {
        expect(tx.counterparty_id).toBe(poa!.party_id);
        expect(tx.initiated_by).toBe('FIDUCIARY');
      }
    }
  });

  test('dormant drain follows a period with no customer-initiated debits', () => {
    for (const { all, label } of casesOf('dormant_drain')) {
      const earlier = all.filter(
        (tx) => tx.occurred_at < label.start_at && tx.direction === 'DEBIT' && tx.initiated_by === 'CUSTOMER',
      );
      expect(earlier).toEqual([]);
    }
  });

  test('post-death misuse uses the card or ATM of a DECEASED customer', () => {
    for (const { txs, label } of casesOf('post_death')) {
      const profile = population.profiles.find((p) => p.customer_id === label.customer_id);
      expect(profile?.status).toBe('DECEASED');
      expect(txs.some((tx) => tx.channel === 'CARD' || tx.channel === 'ATM')).toBe(true);
    }
  });

  test('vary in size from one victim to the next', () => {
    for (const typology of TYPOLOGIES) {
      const amounts = casesOf(typology).map(({ label }) => label.amount);
      expect(new Set(amounts).size).toBeGreaterThan(1);
    }
  });
});
