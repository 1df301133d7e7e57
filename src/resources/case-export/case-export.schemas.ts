import { Type } from 'typebox';
import { DateOnly, literalUnion, Timestamp, Uuid } from '../../api/schemas.js';
import { EFE_KEY_TERM } from '../../domain/case/classification.js';
import type { CaseTotals } from '../../domain/case/case-facts.js';
import { SIGNAL_CATEGORIES } from '../../domain/values/enums.js';
import { toMajorUnits } from '../../domain/values/money.js';
import { isoTimestamp } from '../../lib/clock.js';
import { AccountEventResponse, toAccountEventJson } from '../account-events/account-events.schemas.js';
import { AuditEventResponse, toAuditEventJson } from '../audit-events/audit-events.schemas.js';
import { NoteResponse, toNoteJson } from '../signal-notes/signal-notes.schemas.js';
import {
  EvidenceResponse,
  SignalResponse,
  toEvidenceJson,
  toSignalJson,
} from '../signals/signals.schemas.js';
import {
  ActorRefResponse,
  SuppressionResponse,
  toActorRefJson,
  toSuppressionJson,
} from '../suppressions/suppressions.schemas.js';
import { toTransactionJson, TransactionResponse } from '../transactions/transactions.schemas.js';
import type { CaseExport } from './case-export.service.js';

export const CONFIDENTIAL_MARKING =
  'CONFIDENTIAL: may contain Suspicious Activity Report information (31 U.S.C. 5318(g)(2)); do not disclose to the subject.';

const Totals = Type.Object({
  debits_total: Type.Number({ description: 'Major units' }),
  credits_total: Type.Number({ description: 'Major units' }),
  transaction_count: Type.Integer(),
  event_count: Type.Integer(),
});
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Rules = Type.Array(EvidenceResponse, {
  description: 'The rules that fired with this item: measured vs baseline vs threshold',
});

export const CaseExportResponse = Type.Object(
  {
    confidential: Type.Literal(true),
    marking: Type.String(),
    key_term: Type.Literal(EFE_KEY_TERM, {
      description: 'FinCEN FIN-2022-A002: SAR field 2 and the narrative',
    }),
    generated_at: Timestamp,
    generated_by: ActorRefResponse,
    classification: Type.Object({
      type: literalUnion(['THEFT', 'SCAM', 'UNDETERMINED'] as const),
      typology: Type.String({ description: 'Sub-typology in the terms of FinCEN advisory FIN-2022-A002' }),
      signal_category: literalUnion(SIGNAL_CATEGORIES),
    }),
    victim: Type.Object({
      profile_id: Uuid,
      customer_id: Type.String(),
      customer_name: Type.String(),
      date_of_birth: DateOnly,
      age: Type.Integer(),
      status: Type.String(),
      date_of_death: nullable(DateOnly),
      enrollment_reason: Type.String(),
      currency: Type.String(),
      trusted_contact: nullable(Type.Record(Type.String(), Type.Unknown())),
    }),
    suspected_counterparties: Type.Array(
      Type.Object({
        counterparty_id: nullable(Type.String()),
        name: nullable(Type.String()),
        type: nullable(Type.String()),
        relationship: nullable(Type.String()),
        country: nullable(Type.String()),
        total_debited: Type.Number(),
        total_credited: Type.Number(),
        transaction_count: Type.Integer(),
        event_types: Type.Array(Type.String()),
        first_at: Timestamp,
        last_at: Timestamp,
      }),
    ),
    activity: Type.Object({
      first_at: nullable(Timestamp),
      last_at: nullable(Timestamp),
      first_signal_at: Timestamp,
      involved: Totals,
      after_first_signal: Totals,
    }),
    signal: SignalResponse,
    transactions: Type.Array(Type.Object({ ...TransactionResponse.properties, rules: Rules })),
    events: Type.Array(Type.Object({ ...AccountEventResponse.properties, rules: Rules })),
    notes: Type.Array(NoteResponse),
    suppressions: Type.Array(SuppressionResponse),
    audit: Type.Array(AuditEventResponse, {
      description: "The signal's audit events and its suppressions', oldest first",
    }),
    narrative: Type.Object({
      who: Type.String(),
      what: Type.String(),
      when: Type.String(),
      where: Type.String(),
      how: Type.String(),
      text: Type.String(),
    }),
  },
  { title: 'CaseExport' },
);

const totalsJson = (t: CaseTotals) => ({
  debits_total: toMajorUnits(t.debitsMinor),
  credits_total: toMajorUnits(t.creditsMinor),
  transaction_count: t.transactionCount,
  event_count: t.eventCount,
});

export function toCaseExportJson(c: CaseExport) {
  const { facts, profile, signal } = c;
  const rulesOf = (id: string) => (facts.items.find((i) => i.id === id)?.evidence ?? []).map(toEvidenceJson);
  return {
    confidential: true as const,
    marking: CONFIDENTIAL_MARKING,
    key_term: EFE_KEY_TERM,
    generated_at: isoTimestamp(c.generatedAtMs),
    generated_by: toActorRefJson(c.generatedBy),
    classification: {
      type: facts.efe.classification,
      typology: facts.efe.typology,
      signal_category: signal.category,
    },
    victim: {
      profile_id: profile.id,
      customer_id: profile.customerId,
      customer_name: profile.customerName,
      date_of_birth: profile.dateOfBirth,
      age: profile.age,
      status: profile.status,
      date_of_death: profile.dateOfDeath,
      enrollment_reason: profile.enrollmentReason,
      currency: profile.currency,
      trusted_contact: profile.trustedContact as Record<string, unknown> | null,
    },
    suspected_counterparties: facts.counterparties.map((p) => ({
      counterparty_id: p.counterpartyId,
      name: p.name,
      type: p.type,
      relationship: p.relationship,
      country: p.country,
      total_debited: toMajorUnits(p.debitsMinor),
      total_credited: toMajorUnits(p.creditsMinor),
      transaction_count: p.transactionCount,
      event_types: p.eventTypes,
      first_at: isoTimestamp(p.firstMs),
      last_at: isoTimestamp(p.lastMs),
    })),
    activity: {
      first_at: facts.firstActivityMs === null ? null : isoTimestamp(facts.firstActivityMs),
      last_at: facts.lastActivityMs === null ? null : isoTimestamp(facts.lastActivityMs),
      first_signal_at: isoTimestamp(signal.createdAtMs),
      involved: totalsJson(facts.involved),
      after_first_signal: totalsJson(facts.afterFirstSignal),
    },
    signal: toSignalJson(signal),
    transactions: facts.items.flatMap((i) => {
      const t = i.kind === 'transaction' ? c.transactions.find((x) => x.id === i.id) : undefined;
      return t ? [{ ...toTransactionJson(t), rules: rulesOf(t.id) }] : [];
    }),
    events: facts.items.flatMap((i) => {
      const e = i.kind === 'event' ? c.events.find((x) => x.id === i.id) : undefined;
      return e ? [{ ...toAccountEventJson(e), rules: rulesOf(e.id) }] : [];
    }),
    notes: c.notes.map(toNoteJson),
    suppressions: c.suppressions.map((s) => toSuppressionJson(s, c.generatedAtMs)),
    audit: c.audit.map(toAuditEventJson),
    narrative: c.narrative,
  };
}
export type CaseExportJson = ReturnType<typeof toCaseExportJson>;
