import type { AccountEvent, Transaction } from '../activity.js';
import type { Baseline } from '../baseline/baseline.js';
import type { Channel } from '../values/enums.js';
import type { RuleInput, ScoredItem } from './types.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/**
 * How far back from an item a rule may look: the longest default window (365 days) plus the window
 * itself. Scoring loads this much history before the items it scores, and a rule never looks
 * further back, however much history it is given (a late-data replay is given more), so an item is
 * judged the same whatever else was loaded with it.
 */
export const HISTORY_DAYS = 400;
export const CASH_CHANNELS: ReadonlySet<Channel> = new Set(['ATM', 'TELLER']);

interface Timed {
  occurredAtMs: number;
}

export function itemTime(item: ScoredItem): number {
  return item.kind === 'transaction' ? item.transaction.occurredAtMs : item.event.occurredAtMs;
}

export function itemId(item: ScoredItem): string {
  return item.kind === 'transaction' ? item.transaction.id : item.event.id;
}

/** The scored transaction, or undefined when an event is scored. */
export function scoredTransaction(input: RuleInput): Transaction | undefined {
  return input.item.kind === 'transaction' ? input.item.transaction : undefined;
}

/** The scored debit, or undefined when the item is a credit or an event. */
export function scoredDebit(input: RuleInput): Transaction | undefined {
  const t = scoredTransaction(input);
  return t?.direction === 'DEBIT' ? t : undefined;
}

/** Index just past the last element with occurredAtMs <= atMs, in a list sorted by time (binary search). */
export function endAt(list: readonly Timed[], atMs: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid]?.occurredAtMs ?? 0) <= atMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Elements with fromMs < occurredAtMs <= toMs, oldest first. */
export function between<T extends Timed>(list: readonly T[], fromMs: number, toMs: number): T[] {
  return list.slice(endAt(list, fromMs), endAt(list, toMs));
}

/** Transactions with occurredAtMs in (item time − windowMs, item time]: the window ending at the scored item. */
export function transactionsInWindow(input: RuleInput, windowMs: number): Transaction[] {
  const at = itemTime(input.item);
  return between(input.history.transactions, at - windowMs, at);
}

export function eventsInWindow(input: RuleInput, windowMs: number): AccountEvent[] {
  const at = itemTime(input.item);
  return between(input.history.events, at - windowMs, at);
}

/** Everything up to and including the scored item's time (never later data: detection.md §1). */
export function transactionsUpToItem(input: RuleInput): readonly Transaction[] {
  return input.history.transactions.slice(0, endAt(input.history.transactions, itemTime(input.item)));
}

export function isReady(baseline: Baseline | null): baseline is Baseline {
  return baseline?.status === 'READY';
}

/** The baseline's median debit in minor units, or 0 when the baseline is not READY (absolute floors apply alone). */
export function medianDebitOrZero(baseline: Baseline | null): number {
  return isReady(baseline) ? (baseline.debitAmount?.median ?? 0) : 0;
}

// One formatter for every reason: Number#toLocaleString with options builds a new Intl.NumberFormat
// per call (about 20 µs, most of a firing rule's cost); format() of a kept one gives the same text.
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Minor units as an amount an analyst reads: 1234567 → "12,345.67". */
export function formatMoney(minor: number): string {
  return MONEY.format(minor / 100);
}

export function sumAmounts(transactions: readonly Transaction[]): number {
  let total = 0;
  for (const t of transactions) total += t.amountMinor;
  return total;
}

const SETS = new WeakMap<readonly unknown[], ReadonlySet<unknown>>();

/**
 * A rule parameter's list as a set, built once per list: a rule's parameters are the same objects
 * on every item it measures, so the set is not rebuilt per item. Parameters are never mutated.
 */
export function setOf<T>(list: readonly T[]): ReadonlySet<T> {
  let set = SETS.get(list) as ReadonlySet<T> | undefined;
  if (set === undefined) {
    set = new Set(list);
    SETS.set(list, set);
  }
  return set;
}

/** Major-unit parameters become minor units once, where a rule compares them to amounts. */
export function toMinor(major: number): number {
  return Math.round(major * 100);
}
