import { describe, expect, test } from 'vitest';
import { reconcile } from './reconcile.js';
import { baselineAnchors, earliestLate, replayStart } from './replay.js';
import type { Evidence, SignalState } from './signal.js';
import type { ScoredItem } from './types.js';

const DAY = 86_400_000;
const item = (id: string, day: number): ScoredItem => ({
  kind: 'event',
  event: { id, occurredAtMs: day * DAY } as never,
});
const evidence = (ruleId: string, itemId: string, day: number): Evidence =>
  ({ ruleId, itemId, occurredAtMs: day * DAY, weight: 0.5 }) as Evidence;
const signal = (id: string, list: Evidence[], status: SignalState['status'] = 'ACTIVE'): SignalState =>
  ({
    id,
    status,
    evidence: list,
    firstSeenMs: Math.min(...list.map((e) => e.occurredAtMs)),
    lastSeenMs: Math.max(...list.map((e) => e.occurredAtMs)),
    score: 0.5,
    severity: 'HIGH',
    category: 'SCAM_OTHER',
    amountAtRiskMinor: 0,
    summary: '',
    batchRunId: null,
    review: null,
    debits: {},
  }) as SignalState;

describe('late data: finding late items', () => {
  test('an added item before the latest scored one is late; one after it, or a tie broken by a higher ID, is not', () => {
    const latest = { atMs: 10 * DAY, id: 'm' };
    expect(earliestLate([item('a', 11), item('z', 10)], latest)).toBeUndefined();
    expect(earliestLate([item('a', 12), item('b', 9), item('c', 5)], latest)).toEqual({
      atMs: 5 * DAY,
      id: 'c',
    });
    expect(earliestLate([item('a', 10)], latest)).toEqual({ atMs: 10 * DAY, id: 'a' });
    expect(earliestLate([item('a', 1)], undefined)).toBeUndefined();
  });

  test('the replay starts at the first item of an open signal the late item can reach, transitively', () => {
    const reachable = signal('s1', [evidence('r', 'x', 10), evidence('r', 'y', 20)]);
    const chained = signal('s2', [evidence('r', 'w', 0), evidence('r', 'v', 5)]);
    const beyond = signal('s3', [evidence('r', 'u', -40)]);
    // Late item on day 25: s1 reaches it (last seen 20, window 14); s1 starts on day 10, which s2 reaches.
    expect(replayStart({ atMs: 25 * DAY, id: 'l' }, [reachable, chained, beyond], 14)).toBe(0);
    expect(replayStart({ atMs: 100 * DAY, id: 'l' }, [reachable, chained, beyond], 14)).toBe(100 * DAY);
  });

  test('baseline anchors move only when the stored one is more than 7 days older, as in-order scoring', () => {
    const anchors = baselineAnchors([item('a', 0), item('b', 5), item('c', 8), item('d', 14), item('e', 30)]);
    expect([...anchors.values()].map((ms) => ms / DAY)).toEqual([0, 0, 8, 8, 30]);
  });
});

describe('late data: reconciling a replay with the stored signals', () => {
  test('evidence that no longer holds is retracted, new evidence added, the stored ID kept', () => {
    const stored = signal('stored', [evidence('r1', 'x', 1), evidence('r2', 'y', 2)]);
    const replayed = signal('replay-1', [evidence('r1', 'x', 1), evidence('r3', 'z', 3)]);
    const { changes, storedIdOf } = reconcile({
      open: [stored],
      reviewed: [],
      replayed: [replayed],
      items: [],
      threshold: 0.3,
      fromMs: 0,
    });
    expect(storedIdOf.get('replay-1')).toBe('stored');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id: 'stored', isNew: false, reviewed: false });
    expect(changes[0]?.added.map((e) => e.itemId)).toEqual(['z']);
    expect(changes[0]?.retracted.map((e) => e.itemId)).toEqual(['y']);
  });

  test('a stored signal the replay no longer raises is retracted whole; a replayed one with no match is opened', () => {
    const stored = signal('stored', [evidence('r1', 'x', 1)]);
    const replayed = signal('replay-1', [evidence('r2', 'q', 4)]);
    const { changes } = reconcile({
      open: [stored],
      reviewed: [],
      replayed: [replayed],
      items: [],
      threshold: 0.3,
      fromMs: 0,
    });
    expect(changes.find((c) => c.id === 'stored')).toMatchObject({ state: null, added: [] });
    expect(changes.find((c) => c.id === 'replay-1')).toMatchObject({ isNew: true });
  });

  test('an unchanged signal needs no change', () => {
    const stored = signal('stored', [evidence('r1', 'x', 1)]);
    const { changes } = reconcile({
      open: [stored],
      reviewed: [],
      replayed: [{ ...stored, id: 'replay-1' }],
      items: [],
      threshold: 0.3,
      fromMs: 0,
    });
    expect(changes).toEqual([]);
  });

  test('a reviewed signal only loses evidence the replay no longer fires; evidence before the replay stands', () => {
    const reviewed = signal(
      'rev',
      [evidence('r1', 'old', 1), evidence('r1', 'x', 5), evidence('r2', 'y', 6)],
      'CONFIRMED',
    );
    const fired = { rule: { id: 'r2', ruleType: 'THRESHOLD' } } as never;
    const { changes } = reconcile({
      open: [],
      reviewed: [reviewed],
      replayed: [],
      items: [
        {
          item: item('x', 5),
          score: { score: 0, fired: [], insufficientRuleIds: [] },
          signalId: null,
        },
        {
          item: item('y', 6),
          score: { score: 0.5, fired: [fired], insufficientRuleIds: [] },
          signalId: null,
        },
      ],
      threshold: 0.3,
      fromMs: 4 * DAY,
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id: 'rev', reviewed: true, added: [] });
    expect(changes[0]?.retracted.map((e) => e.itemId)).toEqual(['x']);
  });
});
