import type { AccountEvent } from '../../activity.js';
import type { EventType } from '../../values/enums.js';
import { between, HOUR_MS, setOf } from '../history.js';
import { NOT_FIRED, type Measurement, type RuleInput } from '../types.js';
import { EVENT_LABELS } from './account-event-sequence.payments.js';
import type { Parameters } from './account-event-sequence.js';

function windowText(hours: number): string {
  return hours > 72 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}

/**
 * event_pattern mode (issue 13, alert before the loss): the scored account event completes a set of
 * min_distinct_events different trigger event types within window_hours (one of them an anchor
 * event when anchors are set). Only the event that completes the pattern fires, so a pattern is
 * one finding however many more changes follow.
 */
const NO_EVENTS: readonly EventType[] = [];

export function measureEventPattern(input: RuleInput, p: Parameters): Measurement {
  if (input.item.kind !== 'event') return NOT_FIRED;
  const scored = input.item.event;
  const triggers = setOf<EventType>(p.trigger_events);
  if (!triggers.has(scored.eventType)) return NOT_FIRED;
  const needed = p.min_distinct_events ?? 3;
  const anchors = setOf<EventType>(p.anchor_events ?? NO_EVENTS);
  const atMs = scored.occurredAtMs;
  // Events up to and including the scored one, in (time, id) order.
  const upTo = between(input.history.events, atMs - p.window_hours * HOUR_MS - 1, atMs).filter(
    (e) => triggers.has(e.eventType) && (e.occurredAtMs < atMs || e.id <= scored.id),
  );
  const firstOfType = new Map<EventType, AccountEvent>();
  for (const e of upTo) if (!firstOfType.has(e.eventType)) firstOfType.set(e.eventType, e);
  // The scored event must bring a type not seen before in the window: it is the one completing it.
  if (firstOfType.get(scored.eventType)?.id !== scored.id) return NOT_FIRED;
  if (firstOfType.size < needed) return NOT_FIRED;
  if (firstOfType.size - 1 >= needed) return NOT_FIRED;
  const events = [...firstOfType.values()];
  if (anchors.size > 0 && !events.some((e) => anchors.has(e.eventType))) return NOT_FIRED;
  return {
    outcome: 'FIRED',
    measured: firstOfType.size,
    threshold: needed,
    baseline: null,
    reason: `${firstOfType.size} different account changes within ${windowText(p.window_hours)}: ${events
      .map((e) => EVENT_LABELS[e.eventType])
      .join(', ')}.`,
    transactionIds: [],
    eventIds: events.map((e) => e.id),
  };
}
