/** Detection quality of a labelled population (detection.md §5): pure arithmetic over labels and signals. */

export interface LabelFact {
  customerId: string;
  typology: string;
  category: string;
  startMs: number;
  /** The scenario's labelled debits: time and amount (minor units). */
  debits: { atMs: number; amountMinor: number }[];
  transactionCount: number;
  transactionTimes: number[];
}

export interface SignalFact {
  customerId: string;
  category: string;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Names of the rules in the signal's evidence. */
  rules?: string[];
  /** External IDs of the transactions and events in the evidence (resolved for clean profiles only). */
  externalIds?: string[];
  /**
   * The signal recommended HOLD_PAYMENT on the item that opened it: that debit was scored in its own
   * ingest request, so the bank's payment flow could hold it before it left (issue 13).
   */
  heldOpeningDebit?: boolean;
}

/** A labelled legitimate life event (simulator life_events.jsonl). */
export interface LifeEventFact {
  customerId: string;
  kind: string;
  startMs: number;
  externalIds: string[];
}

export interface LifeEventRow {
  kind: string;
  /** Life events of this kind on clean profiles that started in the evaluation months. */
  events: number;
  /** Of those, how many had a row in the evidence of a false signal. */
  alerted: number;
  /** False signals with a row of this kind of life event in their evidence. */
  falseSignals: number;
}

export interface QualityRow {
  typology: string;
  scenarios: number;
  detected: number;
  recall: number;
  /** Of profiles flagged with this typology's category, the share that truly are its victims; null when none. */
  precision: number | null;
  medianTransactionsToSignal: number | null;
  medianDaysToSignal: number | null;
  /** Of the detected scenarios' money, the share that left after the first signal (what an early hold could save). */
  moneyAfterFirstSignal: number | null;
  /**
   * The same, counting also the debit that opened the first signal when that signal recommended
   * HOLD_PAYMENT in the debit's own ingest response: the money had not left when the bank was told
   * to hold it.
   */
  moneyHeldOrAfterFirstSignal: number | null;
  /** Of the detected scenarios, the share with a signal of the scenario's family (who did it, by what means). */
  rightFamily: number | null;
}

export interface QualityReport {
  rows: QualityRow[];
  overall: QualityRow;
  cleanProfiles: number;
  falsePositiveSignals: number;
  falsePositivesPer1000CleanPerMonth: number;
  flaggedProfiles: number;
  profilePrecision: number | null;
  /** Clean profiles with a life event starting in the evaluation months. */
  cleanWithLifeEvents: number;
  lifeEvents: LifeEventRow[];
  /** False signals whose evidence holds no life event's row. */
  falseSignalsWithoutLifeEvent: number;
  /** Per rule name: signals whose evidence holds it, on clean profiles and on victims. */
  rules: { rule: string; clean: number; victims: number }[];
}

/**
 * Categories grouped by who exploits and how (detection.md background): strangers' scams, account
 * takeover, mule, people the elder knows, and misuse after death. A signal in the right family
 * routes the case to the right team even when the exact typology is wrong.
 */
export function familyOf(category: string): string {
  if (category.startsWith('SCAM_')) return 'STRANGER_SCAM';
  if (category.startsWith('THEFT_')) return 'KNOWN_PERSON';
  return category;
}

const DAY_MS = 86_400_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The first signal on a scenario profile that is still open at or after the scenario started. */
function firstSignalMs(label: LabelFact, signals: readonly SignalFact[]): number | undefined {
  const times = signals
    .filter((s) => s.lastSeenMs >= label.startMs)
    .map((s) => Math.max(s.firstSeenMs, label.startMs));
  return times.length === 0 ? undefined : Math.min(...times);
}

function hasRightFamily(label: LabelFact, signals: readonly SignalFact[]): boolean {
  const family = familyOf(label.category);
  return signals.some((s) => s.lastSeenMs >= label.startMs && familyOf(s.category) === family);
}

/** Whether a signal opened at `atMs` (not before the scenario) told the bank to hold that debit. */
function heldAt(label: LabelFact, signals: readonly SignalFact[], atMs: number): boolean {
  return signals.some((s) => s.firstSeenMs === atMs && s.firstSeenMs >= label.startMs && s.heldOpeningDebit);
}

function row(
  typology: string,
  labels: readonly LabelFact[],
  signalsOf: (id: string) => SignalFact[],
  precision: number | null,
): QualityRow {
  const detections = labels.flatMap((label) => {
    const signals = signalsOf(label.customerId);
    const at = firstSignalMs(label, signals);
    return at === undefined ? [] : [{ label, at, held: heldAt(label, signals, at) }];
  });
  const sumOf = (debits: readonly { amountMinor: number }[]) => debits.reduce((s, x) => s + x.amountMinor, 0);
  const total = detections.reduce((sum, d) => sum + sumOf(d.label.debits), 0);
  const after = detections.reduce((sum, d) => sum + sumOf(d.label.debits.filter((x) => x.atMs > d.at)), 0);
  const heldOrAfter = detections.reduce(
    (sum, d) => sum + sumOf(d.label.debits.filter((x) => x.atMs > d.at || (d.held && x.atMs === d.at))),
    0,
  );
  return {
    typology,
    scenarios: labels.length,
    detected: detections.length,
    recall: labels.length === 0 ? 0 : detections.length / labels.length,
    precision,
    medianTransactionsToSignal: median(
      detections.map((d) => d.label.transactionTimes.filter((t) => t <= d.at).length),
    ),
    medianDaysToSignal: median(detections.map((d) => (d.at - d.label.startMs) / DAY_MS)),
    moneyAfterFirstSignal: total === 0 ? null : after / total,
    moneyHeldOrAfterFirstSignal: total === 0 ? null : heldOrAfter / total,
    rightFamily:
      detections.length === 0
        ? null
        : detections.filter((d) => hasRightFamily(d.label, signalsOf(d.label.customerId))).length /
          detections.length,
  };
}

/** Recall, precision, time to detect and false positives, per typology and overall. */
export function measureQuality(input: {
  labels: readonly LabelFact[];
  signals: readonly SignalFact[];
  profiles: number;
  months: number;
  lifeEvents?: readonly LifeEventFact[];
  /** Start of the evaluation months: life events from then on are counted. */
  evaluationFromMs?: number;
}): QualityReport {
  const byCustomer = new Map<string, SignalFact[]>();
  for (const s of input.signals) byCustomer.set(s.customerId, [...(byCustomer.get(s.customerId) ?? []), s]);
  const signalsOf = (id: string) => byCustomer.get(id) ?? [];
  const victims = new Set(input.labels.map((l) => l.customerId));
  const typologies = [...new Set(input.labels.map((l) => l.typology))].sort();
  const rows = typologies.map((typology) => {
    const labels = input.labels.filter((l) => l.typology === typology);
    const category = labels[0]?.category;
    const flagged = new Set(input.signals.filter((s) => s.category === category).map((s) => s.customerId));
    const truePositives = [...flagged].filter((id) => labels.some((l) => l.customerId === id)).length;
    return row(typology, labels, signalsOf, flagged.size === 0 ? null : truePositives / flagged.size);
  });
  const flaggedProfiles = new Set(input.signals.map((s) => s.customerId));
  const cleanProfiles = input.profiles - victims.size;
  const falsePositiveSignals = input.signals.filter((s) => !victims.has(s.customerId)).length;
  const flaggedVictims = [...flaggedProfiles].filter((id) => victims.has(id)).length;
  const falseSignals = input.signals.filter((s) => !victims.has(s.customerId));
  const lifeEvents = (input.lifeEvents ?? []).filter((l) => !victims.has(l.customerId));
  const counted = lifeEvents.filter((l) => l.startMs >= (input.evaluationFromMs ?? -Infinity));
  const touches = (s: SignalFact, l: LifeEventFact) =>
    s.customerId === l.customerId && l.externalIds.some((id) => s.externalIds?.includes(id));
  const kinds = [...new Set(lifeEvents.map((l) => l.kind))].sort();
  const lifeEventRows = kinds.map((kind) => {
    const ofKind = lifeEvents.filter((l) => l.kind === kind);
    const countedOfKind = counted.filter((l) => l.kind === kind);
    return {
      kind,
      events: countedOfKind.length,
      alerted: countedOfKind.filter((l) => falseSignals.some((s) => touches(s, l))).length,
      falseSignals: falseSignals.filter((s) => ofKind.some((l) => touches(s, l))).length,
    };
  });
  const ruleNames = [...new Set(input.signals.flatMap((s) => s.rules ?? []))].sort();
  const ruleRows = ruleNames
    .map((rule) => ({
      rule,
      clean: falseSignals.filter((s) => s.rules?.includes(rule)).length,
      victims: input.signals.filter((s) => victims.has(s.customerId) && s.rules?.includes(rule)).length,
    }))
    .sort((a, b) => b.clean - a.clean || a.rule.localeCompare(b.rule));
  return {
    cleanWithLifeEvents: new Set(counted.map((l) => l.customerId)).size,
    lifeEvents: lifeEventRows,
    falseSignalsWithoutLifeEvent: falseSignals.filter((s) => !lifeEvents.some((l) => touches(s, l))).length,
    rules: ruleRows,
    rows,
    overall: row(
      'overall',
      input.labels,
      signalsOf,
      flaggedProfiles.size === 0 ? null : flaggedVictims / flaggedProfiles.size,
    ),
    cleanProfiles,
    falsePositiveSignals,
    falsePositivesPer1000CleanPerMonth:
      cleanProfiles === 0 || input.months === 0
        ? 0
        : ((falsePositiveSignals / cleanProfiles) * 1000) / input.months,
    flaggedProfiles: flaggedProfiles.size,
    profilePrecision: flaggedProfiles.size === 0 ? null : flaggedVictims / flaggedProfiles.size,
  };
}

const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(0)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '-' : v.toFixed(digits));

/** The report as a fixed-width table for a terminal or a closing note. */
export function formatQuality(report: QualityReport): string {
  const header = [
    'typology',
    'scenarios',
    'detected',
    'recall',
    'precision',
    'med tx',
    'med days',
    'money after 1st',
    'held or after',
    'right family',
  ];
  const lines = [...report.rows, report.overall].map((r) => [
    r.typology,
    String(r.scenarios),
    String(r.detected),
    pct(r.recall),
    pct(r.precision),
    num(r.medianTransactionsToSignal, 0),
    num(r.medianDaysToSignal),
    pct(r.moneyAfterFirstSignal),
    pct(r.moneyHeldOrAfterFirstSignal),
    pct(r.rightFamily),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [
    fmt(header),
    ...lines.map(fmt),
    '',
    `flagged profiles: ${report.flaggedProfiles}, profile precision: ${pct(report.profilePrecision)}`,
    `false-positive signals: ${report.falsePositiveSignals} on ${report.cleanProfiles} clean profiles = ${report.falsePositivesPer1000CleanPerMonth.toFixed(1)} per 1,000 clean profiles per month`,
    '',
    `clean profiles with a life event in the evaluation months: ${report.cleanWithLifeEvents} (${pct(report.cleanProfiles === 0 ? null : report.cleanWithLifeEvents / report.cleanProfiles)})`,
    table(
      ['life event (clean profiles)', 'events', 'alerted', 'false signals'],
      [
        ...report.lifeEvents.map((l) => [
          l.kind,
          String(l.events),
          String(l.alerted),
          String(l.falseSignals),
        ]),
        ['(none)', '', '', String(report.falseSignalsWithoutLifeEvent)],
      ],
    ),
    '',
    table(
      ['rule', 'false signals', 'signals on victims'],
      report.rules.map((r) => [r.rule, String(r.clean), String(r.victims)]),
    ),
  ].join('\n');
}

function table(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}
