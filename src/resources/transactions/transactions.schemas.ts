import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Metadata, Page, Timestamp, Uuid } from '../../api/schemas.js';
import type { Transaction } from '../../domain/activity.js';
import {
  CHANNELS,
  COUNTERPARTY_RELATIONSHIPS,
  COUNTERPARTY_TYPES,
  DIRECTIONS,
  INITIATORS,
} from '../../domain/values/enums.js';
import { MAX_AMOUNT, toMajorUnits } from '../../domain/values/money.js';
import { isoTimestamp } from '../../lib/clock.js';
import { Evaluation } from '../../ingest/evaluation.schema.js';
import { ingestResponse, MAX_BATCH } from '../../ingest/ingest.schemas.js';

const MONEY_MESSAGE = 'must be a positive number with at most 2 decimals';
export const CountryCode = Type.String({
  pattern: '^[A-Z]{2}$',
  maxLength: 2,
  'x-message': 'must be an ISO 3166-1 alpha-2 code',
});
const optionalText = (maxLength: number, description?: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength, description }));

// Required fields first, in the order api.md §5.2 lists them.
const transactionFields = {
  external_id: Type.String({
    minLength: 1,
    maxLength: 128,
    description: "The bank's ID; a repeat for the same profile is a duplicate",
  }),
  occurred_at: Timestamp,
  amount: Type.Number({
    exclusiveMinimum: 0,
    maximum: MAX_AMOUNT,
    'x-message': MONEY_MESSAGE,
    description: 'Major units, at most 2 decimals',
  }),
  direction: literalUnion(DIRECTIONS),
  channel: literalUnion(CHANNELS),
  currency: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{3}$',
      maxLength: 3,
      'x-message': 'must be an ISO 4217 code',
      description: "Must equal the profile's",
    }),
  ),
  counterparty_id: optionalText(128),
  counterparty_name: optionalText(200),
  counterparty_type: Type.Optional(literalUnion(COUNTERPARTY_TYPES)),
  counterparty_relationship: Type.Optional(literalUnion(COUNTERPARTY_RELATIONSHIPS)),
  counterparty_country: Type.Optional(CountryCode),
  merchant_category_code: Type.Optional(
    Type.String({ pattern: '^[0-9]{4}$', maxLength: 4, 'x-message': 'must be 4 digits' }),
  ),
  description: Type.Optional(Type.String({ maxLength: 500 })),
  country: Type.Optional(CountryCode),
  device_id: optionalText(128),
  initiated_by: Type.Optional(literalUnion(INITIATORS)),
  balance_after: Type.Optional(
    Type.Number({
      minimum: -MAX_AMOUNT,
      maximum: MAX_AMOUNT,
      'x-message': 'must be a number with at most 2 decimals',
    }),
  ),
  metadata: Type.Optional(Metadata),
};

export const TransactionInput = Type.Object(transactionFields, {
  additionalProperties: false,
  title: 'TransactionInput',
});
export type TransactionInput = Static<typeof TransactionInput>;

export const TransactionBatch = Type.Object(
  { transactions: Type.Array(TransactionInput, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false, title: 'TransactionBatch' },
);

/** A feed item names its profile by the bank's customer_id or by Vigil's profile_id. */
export const FeedTransaction = Type.Object(
  {
    customer_id: optionalText(128, 'The profile, by the bank customer ID'),
    profile_id: Type.Optional(Uuid),
    ...transactionFields,
  },
  { additionalProperties: false, title: 'FeedTransaction' },
);
export type FeedTransaction = Static<typeof FeedTransaction>;
export const FeedBatch = Type.Object(
  { transactions: Type.Array(FeedTransaction, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false, title: 'FeedTransactionBatch' },
);
export type FeedBatch = Static<typeof FeedBatch>;

export const TransactionParams = Type.Object({ profile_id: Uuid, transaction_id: Uuid });

export const ListTransactionsQuery = Type.Object(
  {
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    direction: Type.Optional(literalUnion(DIRECTIONS)),
    channel: Type.Optional(literalUnion(CHANNELS)),
    ...ListQuery,
  },
  { additionalProperties: false },
);
export type ListTransactionsQuery = Static<typeof ListTransactionsQuery>;

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const TransactionResponse = Type.Object(
  {
    id: Uuid,
    profile_id: Uuid,
    external_id: Type.String(),
    occurred_at: Timestamp,
    amount: Type.Number(),
    direction: literalUnion(DIRECTIONS),
    channel: literalUnion(CHANNELS),
    counterparty_id: nullable(Type.String()),
    counterparty_name: nullable(Type.String()),
    counterparty_type: nullable(literalUnion(COUNTERPARTY_TYPES)),
    counterparty_relationship: nullable(literalUnion(COUNTERPARTY_RELATIONSHIPS)),
    counterparty_country: nullable(Type.String()),
    merchant_category_code: nullable(Type.String()),
    description: nullable(Type.String()),
    country: nullable(Type.String()),
    device_id: nullable(Type.String()),
    initiated_by: nullable(literalUnion(INITIATORS)),
    balance_after: nullable(Type.Number()),
    metadata: nullable(Metadata),
    created_at: Timestamp,
    evaluation: Type.Optional(Evaluation),
  },
  { title: 'Transaction' },
);
export const TransactionPage = Page(TransactionResponse, 'TransactionPage');

export const IngestResponse = ingestResponse('transactions', 'transaction', 'TransactionIngestResult');

export function toTransactionJson(t: Transaction) {
  return {
    id: t.id,
    profile_id: t.profileId,
    external_id: t.externalId,
    occurred_at: isoTimestamp(t.occurredAtMs),
    amount: toMajorUnits(t.amountMinor),
    direction: t.direction,
    channel: t.channel,
    counterparty_id: t.counterpartyId,
    counterparty_name: t.counterpartyName,
    counterparty_type: t.counterpartyType,
    counterparty_relationship: t.counterpartyRelationship,
    counterparty_country: t.counterpartyCountry,
    merchant_category_code: t.merchantCategoryCode,
    description: t.description,
    country: t.country,
    device_id: t.deviceId,
    initiated_by: t.initiatedBy,
    balance_after: t.balanceAfterMinor === null ? null : toMajorUnits(t.balanceAfterMinor),
    metadata: t.metadata,
    created_at: isoTimestamp(t.createdAtMs),
  };
}
