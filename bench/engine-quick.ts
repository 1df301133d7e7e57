/**
 * Quick benchmark of the detection engine alone (issue #4): µs to score one transaction with the full
 * default rule set, on simulated customers with 6 months of history. Not part of the test run.
 * Run: npx tsx bench/engine-quick.ts [profiles]
 */
import type { AccountEvent, Transaction } from '../src/domain/activity.js';
import { buildBaseline } from '../src/domain/baseline/build-baseline.js';
import { evaluateItem, type EngineRule } from '../src/domain/detection/engine.js';
import { DEFAULT_RULES, RULE_TYPE_DEFINITIONS } from '../src/domain/detection/rules/index.js';
import { generateProfiles } from '../src/simulator/generate.js';
import { toDomainEvent, toDomainTransaction } from './lib/population.js';

const profiles = Number(process.argv[2] ?? 300);
const rules: EngineRule[] = DEFAULT_RULES.map((d, i) => ({
  id: `r${i}`,
  name: d.name,
  ruleType: d.ruleType,
  version: 1,
  weight: d.weight,
  severity: d.severity,
  signalCategory: d.signalCategory,
  definition: RULE_TYPE_DEFINITIONS[d.ruleType],
  parameters: d.parameters,
}));

let sequence = 0;
const id = () => `00000000-0000-7000-8000-${String(++sequence).padStart(12, '0')}`;
const cutover = Date.parse('2026-05-01T00:00:00Z');
let scored = 0;
let fired = 0;
let elapsedNs = 0n;

for (const bundle of generateProfiles({ profiles, months: 12, seed: 42 })) {
  const transactions: Transaction[] = bundle.transactions.map((t) => toDomainTransaction(t, id(), 'p'));
  const events: AccountEvent[] = bundle.events.map((e) => toDomainEvent(e, id(), 'p'));
  const baseline = buildBaseline({ transactions, asOfMs: cutover, lookbackDays: 180 });
  const profile = {
    id: 'p',
    dateOfBirth: bundle.profile.date_of_birth,
    enrollmentReason: bundle.profile.enrollment_reason,
    hasTrustedContact: true,
    status: 'ACTIVE' as const,
    dateOfDeath: null,
  };
  const history = { transactions, events };
  for (const transaction of transactions) {
    if (transaction.occurredAtMs < cutover) continue;
    const started = process.hrtime.bigint();
    const result = evaluateItem(
      {
        profile,
        baseline,
        history,
        item: { kind: 'transaction', transaction },
        settings: { highRiskCountries: new Set() },
        priorFirings: [],
      },
      rules,
    );
    elapsedNs += process.hrtime.bigint() - started;
    scored += 1;
    if (result.fired.length > 0) fired += 1;
  }
}

const perTransactionUs = Number(elapsedNs) / 1000 / scored;
console.log(`engine: ${scored} transactions scored by ${rules.length} default rules, ${fired} with a hit`);
console.log(
  `engine: ${perTransactionUs.toFixed(1)} µs per transaction (${Math.round(1e6 / perTransactionUs)} transactions/s on one core)`,
);
