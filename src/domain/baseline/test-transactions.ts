import type { Transaction } from '../activity.js';

let sequence = 0;

/** A transaction for domain tests: amounts in major units for readability, the rest defaulted. */
export function tx(at: string, amount: number, fields: Partial<Transaction> = {}): Transaction {
  sequence += 1;
  return {
    id: `t-${String(sequence).padStart(6, '0')}`,
    profileId: 'p-1',
    externalId: `e-${sequence}`,
    occurredAtMs: Date.parse(at),
    amountMinor: Math.round(amount * 100),
    direction: 'DEBIT',
    channel: 'CARD',
    counterpartyId: null,
    counterpartyName: null,
    counterpartyType: null,
    counterpartyRelationship: null,
    counterpartyCountry: null,
    merchantCategoryCode: null,
    description: null,
    country: null,
    deviceId: null,
    initiatedBy: null,
    balanceAfterMinor: null,
    metadata: null,
    createdAtMs: 0,
    ...fields,
  };
}
