/**
 * B4 engine (performance.md): Vigil's detection engine alone (evaluateItem, the real-time default
 * rules) on in-memory history, against the same rules written for json-rules-engine with the window
 * aggregates precomputed as facts. Only json-rules-engine's `run()` is timed; the facts are computed
 * beforehand. Both must fire the same set of rules on every transaction.
 */
import { byTimeThenId, type AccountEvent, type Transaction } from '../src/domain/activity.js';
import { buildBaseline } from '../src/domain/baseline/build-baseline.js';
import { evaluateItem, type EngineRule } from '../src/domain/detection/engine.js';
import { DEFAULT_RULES } from '../src/domain/detection/rules/index.js';
import type { RuleInput } from '../src/domain/detection/types.js';
import { ruleFromDefault } from '../src/resources/rules/rules.store.js';
import { toEngineRules } from '../src/scoring/profile.js';
import { generateProfiles } from '../src/simulator/generate.js';
import { computeFacts, type Facts } from './b4-engine-facts.js';
import { createJsonRulesEngine, KEYWORD_MAX_WORDS, portDrift } from './b4-engine-rules.js';
import { toDomainEvent, toDomainTransaction } from './lib/population.js';
import { secondsSince, summarize } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';

export interface B4Options {
  profiles: number;
  runs: number;
  log: (message: string) => void;
}

// 12 simulated months, 6 of history before the cutover, the rest scored.
const CUTOVER_MS = Date.parse('2026-05-01T00:00:00Z');

/** The default rule set exactly as a new tenant gets it, ready for the engine. */
function engineRules(): EngineRule[] {
  return toEngineRules(DEFAULT_RULES.map((d) => ruleFromDefault(d, CUTOVER_MS)));
}

/** Every transaction after the cutover of a simulated population, as the engine's input. */
function scoredItems(profiles: number): RuleInput[] {
  let sequence = 0;
  const id = () => `00000000-0000-7000-8000-${String(++sequence).padStart(12, '0')}`;
  const inputs: RuleInput[] = [];
  let index = 0;
  for (const bundle of generateProfiles({ profiles, months: 12, seed: 42 })) {
    const profileId = `p${index++}`;
    const transactions: Transaction[] = bundle.transactions
      .map((t) => toDomainTransaction(t, id(), profileId))
      .sort(byTimeThenId);
    const events: AccountEvent[] = bundle.events
      .map((e) => toDomainEvent(e, id(), profileId))
      .sort(byTimeThenId);
    const baseline = buildBaseline({ transactions, asOfMs: CUTOVER_MS, lookbackDays: 180 });
    const profile = {
      id: profileId,
      dateOfBirth: bundle.profile.date_of_birth,
      enrollmentReason: bundle.profile.enrollment_reason,
      hasTrustedContact: bundle.profile.trusted_contact !== undefined,
      status: bundle.profile.status ?? ('ACTIVE' as const),
      dateOfDeath: bundle.profile.date_of_death ?? null,
    };
    const history = { transactions, events };
    for (const transaction of transactions) {
      if (transaction.occurredAtMs < CUTOVER_MS) continue;
      inputs.push({
        profile,
        baseline,
        history,
        item: { kind: 'transaction', transaction },
        settings: { highRiskCountries: new Set() },
        priorFirings: [],
      });
    }
  }
  return inputs;
}

const setKey = (names: string[]) => names.sort().join('|');

export async function runB4(options: B4Options): Promise<BenchResult> {
  const drift = portDrift();
  const rules = engineRules();
  const realTime = rules.filter((r) => r.definition.realTime).length;
  const inputs = scoredItems(options.profiles);
  const factsStarted = process.hrtime.bigint();
  const facts: Facts[] = inputs.map((input) => computeFacts(input, KEYWORD_MAX_WORDS));
  const factsUs = (secondsSince(factsStarted) * 1e6) / inputs.length;
  const jre = createJsonRulesEngine();
  options.log(`B4: ${inputs.length} transactions, facts precomputed at ${factsUs.toFixed(1)} µs each`);

  // An untimed first pass warms both up (JIT) and records what each fires, for the comparison.
  const engineFired: string[] = [];
  const jreFired: string[] = [];
  const hitsByRule = new Map<string, number>();
  for (const [i, input] of inputs.entries()) {
    const names = evaluateItem(input, rules).fired.map((f) => f.rule.name);
    for (const name of names) hitsByRule.set(name, (hitsByRule.get(name) ?? 0) + 1);
    engineFired.push(setKey(names));
    jreFired.push(setKey((await jre.run(facts[i])).events.map((e) => e.type)));
  }

  const timeEngine = () => {
    const started = process.hrtime.bigint();
    for (const input of inputs) evaluateItem(input, rules);
    return secondsSince(started);
  };
  const timeJre = async () => {
    let ns = 0n;
    for (const itemFacts of facts) {
      const started = process.hrtime.bigint();
      await jre.run(itemFacts);
      ns += process.hrtime.bigint() - started;
    }
    return Number(ns) / 1e9;
  };
  const engineRates: number[] = [];
  const jreRates: number[] = [];
  const speedups: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    // Alternate which side goes first.
    let engineSeconds: number;
    let jreSeconds: number;
    if (run % 2 === 0) {
      engineSeconds = timeEngine();
      jreSeconds = await timeJre();
    } else {
      jreSeconds = await timeJre();
      engineSeconds = timeEngine();
    }
    engineRates.push(inputs.length / engineSeconds);
    jreRates.push(inputs.length / jreSeconds);
    speedups.push(jreSeconds / engineSeconds);
    options.log(
      `B4 run ${run + 1}: engine ${((engineSeconds * 1e6) / inputs.length).toFixed(1)} µs/tx, json-rules-engine run() ${((jreSeconds * 1e6) / inputs.length).toFixed(1)} µs/tx`,
    );
  }
  let mismatches = 0;
  const examples: string[] = [];
  engineFired.forEach((names, i) => {
    if (names === jreFired[i]) return;
    mismatches++;
    const t = inputs[i]?.item;
    if (examples.length < 5 && t?.kind === 'transaction')
      examples.push(
        `${t.transaction.externalId}: engine [${names}] vs json-rules-engine [${jreFired[i] ?? ''}]`,
      );
  });
  for (const example of examples) options.log(`B4 mismatch ${example}`);
  const withHit = engineFired.filter((names) => names !== '').length;
  const hits = [...hitsByRule.values()].reduce((a, b) => a + b, 0);
  const speedup = summarize(speedups);
  const engineUs = 1e6 / summarize(engineRates).median;
  const jreUs = 1e6 / summarize(jreRates).median;
  return {
    lines: [
      {
        bench: 'B4 engine',
        metric: 'headline: engine speedup per tx (json-rules-engine time / engine time)',
        unit: 'times',
        summary: speedup,
        goal: '≥ 50×',
        met: speedup.median >= 50,
      },
      {
        bench: 'B4 engine',
        metric: `engine evaluateItem, ${realTime} real-time default rules (tx/s, 1 core)`,
        unit: 'per_s',
        summary: summarize(engineRates),
      },
      {
        bench: 'B4 engine',
        metric: 'json-rules-engine run() only, facts precomputed (tx/s, 1 core)',
        unit: 'per_s',
        summary: summarize(jreRates),
      },
      {
        bench: 'B4 engine',
        metric: 'fired-set mismatches, engine vs json-rules-engine',
        ...(drift.length > 0
          ? { text: `port out of date: ${drift.join('; ')}` }
          : { unit: 'count' as const, summary: summarize([mismatches]) }),
        goal: '0',
        met: mismatches === 0 && drift.length === 0,
      },
    ],
    notes: [
      `B4: ${options.profiles} simulated profiles (12 months, seed 42), baseline built at the ${new Date(CUTOVER_MS).toISOString().slice(0, 10)} cutover, the ${inputs.length} transactions after it scored per run in this process after an untimed warm-up pass that also records both fired sets; ${withHit} transactions with a hit, ${hits} rule hits by ${hitsByRule.size} of ${realTime} rules; json-rules-engine 7.3.1 times run() only, its ${Object.keys(facts[0] ?? {}).length} facts precomputed per transaction (${factsUs.toFixed(1)} µs/tx, not counted; with it the speedup would be ${((jreUs + factsUs) / engineUs).toFixed(1)}×).`,
    ],
  };
}
