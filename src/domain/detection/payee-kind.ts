import type { Transaction } from '../activity.js';
import type { Channel } from '../values/enums.js';

/**
 * What kind of payee and rail a debit uses (issue 13): the difference between a customer settling
 * an invoice and money leaving the way scams and thieves move it. Measured from fields every feed
 * carries (channel, counterparty type, merchant category code), never from payee names.
 *
 * - MERCHANT: a business paid by check, ACH, bill pay or card. These rails clear domestically, pay
 *   a registered business that can be traced and disputed, and are how car dealers, hospitals,
 *   care facilities, contractors, utilities and tax offices are paid.
 * - SCAM_RAIL: gift cards, crypto, quasi-cash merchant categories, and wires: rails a
 *   scammer asks for because the money cannot be called back.
 * - PERSON: a payment to an individual (or an unknown payee) by any other rail.
 * - SELF: the customer's own accounts.
 */
export type PayeeKind = 'MERCHANT' | 'SCAM_RAIL' | 'PERSON' | 'SELF';

const MERCHANT_RAILS: ReadonlySet<Channel> = new Set(['CHECK', 'ACH', 'BILL_PAY', 'CARD']);
const SCAM_RAILS: ReadonlySet<Channel> = new Set(['GIFT_CARD', 'CRYPTO', 'WIRE']);
/**
 * Merchant categories that are cash in another form (ISO 18245): quasi-cash and crypto (6050,
 * 6051), money transfer (4829), stored-value loads (6540), gambling (7995), and outbound
 * telemarketing (5966) and inbound teleservices (5967) that scam calls sell through.
 */
const CASH_LIKE_MCC: ReadonlySet<string> = new Set(['4829', '5966', '5967', '6050', '6051', '6540', '7995']);

export function payeeKind(t: Transaction): PayeeKind {
  if (t.counterpartyRelationship === 'SELF') return 'SELF';
  if (SCAM_RAILS.has(t.channel)) return 'SCAM_RAIL';
  if (t.merchantCategoryCode !== null && CASH_LIKE_MCC.has(t.merchantCategoryCode)) return 'SCAM_RAIL';
  if (t.counterpartyType === 'BUSINESS' && MERCHANT_RAILS.has(t.channel)) return 'MERCHANT';
  return 'PERSON';
}

/** A business paid the way legitimate invoices are paid (see PayeeKind). */
export function isMerchantPayment(t: Transaction): boolean {
  return payeeKind(t) === 'MERCHANT';
}

/**
 * True when the customer paid this counterparty at least `minPayments` times before `beforeMs`
 * (within `sinceMs`): an established payee, whose one-off larger bill is not a new relationship.
 */
export function isEstablishedPayee(
  history: readonly Transaction[],
  t: Transaction,
  sinceMs: number,
  minPayments = 2,
): boolean {
  if (t.counterpartyId === null) return false;
  let count = 0;
  for (const h of history) {
    if (h.occurredAtMs >= t.occurredAtMs) break;
    if (h.occurredAtMs < sinceMs || h.direction !== 'DEBIT' || h.counterpartyId !== t.counterpartyId)
      continue;
    if (++count >= minPayments) return true;
  }
  return false;
}
