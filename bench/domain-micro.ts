/**
 * Micro-harness for the pure domain code (not part of `npm run bench`): buildBaseline and evaluateItem
 * per-call costs (CPU time) over simulator histories, each rule's measure cost, and a fingerprint of every
 * output so a speed change can be checked to give byte-identical baselines and measurements.
 *
 *   npx tsx bench/domain-micro.ts [--profiles 150] [--runs 5] [--only baseline|engine|rules]
 *   node --cpu-prof --cpu-prof-dir DIR --import tsx bench/domain-micro.ts --only engine
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { byTimeThenId, type AccountEvent, type Transaction } from '../src/domain/activity.js';
import { buildBaseline } from '../src/domain/baseline/build-baseline.js';
import type { Baseline } from '../src/domain/baseline/baseline.js';
import { evaluateItem, type EngineRule } from '../src/domain/detection/engine.js';
import { DEFAULT_RULES } from '../src/domain/detection/rules/index.js';
import type { RuleInput } from '../src/domain/detection/types.js';
import { ruleFromDefault } from '../src/resources/rules/rules.store.js';
import { toEngineRules } from '../src/scoring/profile.js';
import { generateProfiles } from '../src/simulator/generate.js';
import { toDomainEvent, toDomainTransaction } from './lib/population.js';
import { summarize } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    profiles: { type: 'string', default: '150' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const PROFILES = Number(values.profiles);
const RUNS = Number(values.runs);
const only = values.only;

const CUTOVER_MS = Date.parse('2026-05-01T00:00:00Z');
const DAY_MS = 86_400_000;

interface Subject {
  profile: RuleInput['profile'];
  transactions: Transaction[];
  events: AccountEvent[];
}

function subjects(): Subject[] {
  let sequence = 0;
  const id = () => `00000000-0000-7000-8000-${String(++sequence).padStart(12, '0')}`;
  const out: Subject[] = [];
  let index = 0;
  for (const bundle of generateProfiles({ profiles: PROFILES, months: 12, seed: 42 })) {
    const profileId = `p${index++}`;
    out.push({
      profile: {
        id: profileId,
        dateOfBirth: bundle.profile.date_of_birth,
        enrollmentReason: bundle.profile.enrollment_reason,
        hasTrustedContact: bundle.profile.trusted_contact !== undefined,
        status: bundle.profile.status ?? 'ACTIVE',
        dateOfDeath: bundle.profile.date_of_death ?? null,
      },
      transactions: bundle.transactions
        .map((t) => toDomainTransaction(t, id(), profileId))
        .sort(byTimeThenId),
      events: bundle.events.map((e) => toDomainEvent(e, id(), profileId)).sort(byTimeThenId),
    });
  }
  return out;
}

/**
 * CPU seconds of this process since a `process.cpuUsage()` reading: on a machine shared with other
 * benchmarks, wall time mostly measures their load; CPU time much less so.
 */
function cpuSecondsSince(started: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

const hash = (value: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(value, (_k, v: unknown) => (v instanceof Set ? [...v] : v)))
    .digest('hex')
    .slice(0, 16);

const fmt = (s: ReturnType<typeof summarize>, unit: string) =>
  `median ${s.median.toFixed(2)} ${unit} (min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)})`;

const all = subjects();

// buildBaseline as real-time scoring calls it: as of every 14th day of the scored half, 180 days back.
if (!only || only === 'baseline') {
  const asOfs: number[] = [];
  for (let at = CUTOVER_MS; at < CUTOVER_MS + 180 * DAY_MS; at += 14 * DAY_MS) asOfs.push(at);
  const calls = all.length * asOfs.length;
  const out: Baseline[] = [];
  for (const s of all)
    for (const asOfMs of asOfs)
      out.push(buildBaseline({ transactions: s.transactions, asOfMs, lookbackDays: 180 }));
  const perCall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.cpuUsage();
    for (const s of all)
      for (const asOfMs of asOfs) buildBaseline({ transactions: s.transactions, asOfMs, lookbackDays: 180 });
    perCall.push((cpuSecondsSince(started) * 1e6) / calls);
  }
  console.log(
    `buildBaseline: ${calls} calls/run, ${fmt(summarize(perCall), 'µs/call')}, fingerprint ${hash(out)}`,
  );
}

// Rule IDs from their names, not random, so the fingerprint is the same from one process to the next.
const rules: EngineRule[] = toEngineRules(
  DEFAULT_RULES.map((d) => ({ ...ruleFromDefault(d, CUTOVER_MS), id: d.name })),
);

function inputs(): RuleInput[] {
  const list: RuleInput[] = [];
  for (const s of all) {
    const baseline = buildBaseline({ transactions: s.transactions, asOfMs: CUTOVER_MS, lookbackDays: 180 });
    const history = { transactions: s.transactions, events: s.events };
    const base = {
      profile: s.profile,
      baseline,
      history,
      settings: { highRiskCountries: new Set<string>() },
    };
    for (const transaction of s.transactions)
      if (transaction.occurredAtMs >= CUTOVER_MS)
        list.push({ ...base, item: { kind: 'transaction', transaction }, priorFirings: [] });
    for (const event of s.events)
      if (event.occurredAtMs >= CUTOVER_MS)
        list.push({ ...base, item: { kind: 'event', event }, priorFirings: [] });
  }
  return list;
}

if (!only || only === 'engine') {
  const list = inputs();
  const scores = list.map((input) => evaluateItem(input, rules));
  const perCall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.cpuUsage();
    for (const input of list) evaluateItem(input, rules);
    perCall.push((cpuSecondsSince(started) * 1e6) / list.length);
  }
  const fired = scores.reduce((n, s) => n + s.fired.length, 0);
  console.log(
    `evaluateItem: ${list.length} items/run (${fired} firings), ${fmt(summarize(perCall), 'µs/item')}, fingerprint ${hash(scores)}`,
  );
}

if (only === 'rules') {
  const list = inputs();
  const rows: { name: string; us: number }[] = [];
  for (const rule of rules) {
    if (!rule.definition.realTime) continue;
    for (const input of list) rule.definition.measure(input, rule.parameters as never);
    const started = process.cpuUsage();
    for (let run = 0; run < RUNS; run++)
      for (const input of list) rule.definition.measure(input, rule.parameters as never);
    rows.push({
      name: `${rule.ruleType} ${rule.name}`,
      us: (cpuSecondsSince(started) * 1e6) / (RUNS * list.length),
    });
  }
  rows.sort((a, b) => b.us - a.us);
  for (const row of rows) console.log(`${row.us.toFixed(3).padStart(8)} µs/item  ${row.name}`);
}
