/**
 * B4: Vigil's default real-time rules (detection.md §4, src/domain/detection/rules/*.ts) written for
 * json-rules-engine, deciding on the facts of b4-engine-facts.ts. Each rule's event type is its
 * default-rule name, so its fired set compares directly with the engine's. The context modifier runs
 * at a lower priority and needs `anotherRuleFired`, which the success handler sets as a runtime fact:
 * the engine's "a modifier only joins another hit" (scoring.ts), decided by json-rules-engine too.
 */
import { createHash } from 'node:crypto';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { DEFAULT_RULES } from '../src/domain/detection/rules/index.js';
import { AGENT_PATTERN_EVENTS, normalizedWords, TAKEOVER_PATTERN_EVENTS } from './b4-engine-facts.js';

const DAY_MS = 86_400_000;
export const MODIFIER = 'Vulnerability context';

/** A fact condition or a nested all/any, as json-rules-engine's types allow inside `all` and `any`. */
type Condition = Extract<TopLevelCondition, { all: unknown }>['all'][number];

const is = (fact: string, value: unknown): Condition => ({ fact, operator: 'equal', value });
const isNot = (fact: string, value: unknown): Condition => ({ fact, operator: 'notEqual', value });
const oneOf = (fact: string, value: readonly string[]): Condition => ({ fact, operator: 'in', value });
const atLeast = (fact: string, value: number | string): Condition => ({
  fact,
  operator: 'greaterThanInclusive',
  value: typeof value === 'string' ? { fact: value } : value,
});
const above = (fact: string, value: number | string): Condition => ({
  fact,
  operator: 'greaterThan',
  value: typeof value === 'string' ? { fact: value } : value,
});
const below = (fact: string, value: number | string): Condition => ({
  fact,
  operator: 'lessThan',
  value: typeof value === 'string' ? { fact: value } : value,
});
const all = (...conditions: Condition[]) => ({ all: conditions });
const any = (...conditions: Condition[]) => ({ any: conditions });
const debit: Condition = is('isDebit', true);

/** Keyword phrases of the default "Scam wording" rule, normalised as keyword.ts matches them. */
function keywordPhrases(): string[] {
  const rule = DEFAULT_RULES.find((r) => r.ruleType === 'KEYWORD');
  const groups = (rule?.parameters.groups ?? []) as { keywords: string[] }[];
  return groups.flatMap((g) => g.keywords.map((k) => normalizedWords(k).join(' '))).filter((p) => p !== '');
}

export const KEYWORD_MAX_WORDS = Math.max(...keywordPhrases().map((p) => p.split(' ').length));

const CONDITIONS: Record<string, TopLevelCondition> = {
  'Large debit vs baseline': all(
    debit,
    atLeast('debitAmount', 250_000),
    atLeast('debitAmount', 'medianDebitTimes5'),
    atLeast('debitAmount', 'p99Debit'),
    is('establishedBusinessPayee365d', false),
  ),
  'Weekly outflow spike': all(
    debit,
    is('baselineReady', true),
    atLeast('weeklyOutflowZ', 4),
    atLeast('outflow7d', 100_000),
    below('largestDebit7d', 'halfOutflow7d'),
    above('outflow7d', 'weeklyOutflowMax'),
    any(is('scoredInWindow7d', false), below('priorOutflow7dZ', 4), below('priorOutflow7d', 100_000)),
  ),
  'Channel shift': all(
    debit,
    is('baselineReady', true),
    is('isMerchantPayment', false),
    below('channelBaselineValueShare', 0.05),
    atLeast('channelShare30d', 0.5),
    atLeast('channelOutflow30d', 200_000),
  ),
  'Debit burst': all(
    debit,
    is('baselineReady', true),
    atLeast('debitCount24h', 5),
    atLeast('debitCount24h', 'dailyDebitCountP95Times3'),
  ),
  'Round cash withdrawals': all(
    debit,
    oneOf('channel', ['ATM', 'TELLER']),
    atLeast('debitAmount', 50_000),
    is('debitAmountIsRoundHundred', true),
    atLeast('roundCashCount7d', 3),
  ),
  'ATM daily limit repeated': all(
    debit,
    is('channel', 'ATM'),
    atLeast('atmWithdrawalsToday', 45_000),
    atLeast('atmDaysAtLimit10d', 3),
  ),
  'Escalating payments to new payee': all(
    debit,
    oneOf('channel', ['P2P', 'WIRE', 'ONLINE_TRANSFER', 'ACH', 'CHECK', 'CRYPTO', 'GIFT_CARD']),
    is('hasCounterpartyKey', true),
    is('payeeKnownBefore60d', false),
    is('payeePaidBefore60d', false),
    atLeast('escalatingRunLength60d', 4),
  ),
  'Large transfer to new payee': all(
    debit,
    oneOf('channel', ['P2P', 'ACH', 'WIRE', 'ONLINE_TRANSFER', 'BILL_PAY']),
    any(isNot('counterpartyType', 'BUSINESS'), oneOf('channel', ['P2P', 'WIRE', 'ONLINE_TRANSFER'])),
    atLeast('debitAmount', 100_000),
    atLeast('debitAmount', 'medianDebitTimes3'),
    is('isKnownParty', false),
    is('hasCounterpartyKey', true),
    is('payeePaidPrior365d', false),
  ),
  'International wire to new country': all(
    debit,
    is('channel', 'WIRE'),
    atLeast('debitAmount', 100_000),
    isNot('counterpartyCountryCode', null),
    { fact: 'counterpartyCountryCode', operator: 'notEqual', value: { fact: 'debitCountryCode' } },
    is('counterpartyCountryPaidPrior365d', false),
  ),
  'Gift card purchases': all(
    debit,
    is('channel', 'GIFT_CARD'),
    any(atLeast('giftCardTotal72h', 50_000), atLeast('giftCardCount24h', 3)),
  ),
  'Crypto purchase': all(
    debit,
    is('channel', 'CRYPTO'),
    any(
      all(atLeast('debitAmount', 50_000), is('cryptoDebitsPrior365d', 0)),
      atLeast('largestCashWithdrawal24h', 100_000),
    ),
  ),
  'Scam wording': all(
    debit,
    is('hasDescription', true),
    isNot('initiatedBy', 'INSTITUTION'),
    any(isNot('channel', 'CARD'), is('isMerchantPayment', false)),
    oneOf('channel', [
      'CARD',
      'ATM',
      'TELLER',
      'CHECK',
      'WIRE',
      'P2P',
      'ONLINE_TRANSFER',
      'CRYPTO',
      'GIFT_CARD',
      'OTHER',
    ]),
    atLeast('debitAmount', 0),
    any(
      ...keywordPhrases().map((phrase) => ({
        fact: 'descriptionPhrases',
        operator: 'contains',
        value: phrase,
      })),
    ),
  ),
  'Contact change then outflow': all(
    debit,
    is('isMerchantPayment', false),
    atLeast('contactChangeEvents14d', 1),
    any(
      all(atLeast('debitAmount', 100_000), atLeast('debitAmount', 'medianDebitTimes3')),
      all(
        oneOf('channel', ['P2P', 'ACH', 'WIRE', 'ONLINE_TRANSFER', 'BILL_PAY', 'CHECK']),
        is('newPayee180d', true),
      ),
    ),
  ),
  'New device then transfer': all(
    debit,
    oneOf('channel', ['ONLINE_TRANSFER', 'P2P', 'WIRE']),
    atLeast('deviceEvents48h', 1),
    atLeast('debitAmount', 100_000),
  ),
  'Agent added then outflow': all(
    debit,
    atLeast('agentPartyDebitTotal60d', 200_000),
    atLeast('agentPartyDebitTotal60d', 'monthlyOutflowMedian'),
  ),
  'Early CD withdrawal then outflow': all(
    debit,
    is('isMerchantPayment', false),
    atLeast('cdEarlyWithdrawalEvents14d', 1),
    atLeast('debitAmount', 500_000),
  ),
  'Staff concern': all(is('itemKind', 'event'), oneOf('eventType', ['STAFF_CONCERN'])),
  'Transfers to related party': all(
    debit,
    oneOf('counterpartyRelationship', ['FAMILY', 'CAREGIVER', 'FIDUCIARY']),
    atLeast('relatedDebits90d', 500_000),
    atLeast('relatedDebits90d', 'relatedDebitsPrevious90dTimes2'),
    below('relatedLargestDebit90d', 'relatedSingleLimit90d'),
    any(
      below('relatedDebitsBeforeThis90d', 500_000),
      below('relatedDebitsBeforeThis90d', 'relatedDebitsPrevious90dTimes2'),
    ),
  ),
  'Caregiver payment creep': all(
    debit,
    any(is('counterpartyRelationship', 'CAREGIVER'), is('counterpartyType', 'INDIVIDUAL')),
    is('hasCounterpartyKey', true),
    above('payeeDebitsPrevious90d', 0),
    atLeast('payeeDebits90d', 300_000),
    atLeast('payeeDebits90d', 'payeeDebitsPrevious90dTimes2'),
    is('payeePaidBeforePrevious90d', true),
    below('payeeLargestDebit90d', 'payeeSingleLimit90d'),
    any(
      below('payeeDebitsBeforeThis90d', 300_000),
      below('payeeDebitsBeforeThis90d', 'payeeDebitsPrevious90dTimes2'),
    ),
  ),
  'Dormant account reactivated': all(
    debit,
    is('isCustomerInitiated', true),
    // The default row fires on the first customer debit (min_debits 1) after 120 idle days.
    atLeast('burstDebitCount30d', 1),
    any(
      all(is('hasCustomerDebitBeforeBurst', true), atLeast('msFromLastCustomerDebitToBurst', 120 * DAY_MS)),
      all(is('hasCustomerDebitBeforeBurst', false), atLeast('msOfHistoryBeforeBurst', 120 * DAY_MS)),
    ),
  ),
  'Balance depletion': all(
    debit,
    is('hasBalanceAfter', true),
    above('peakBalance30d', 0),
    atLeast('peakBalance30d', 500_000),
    atLeast('balanceDrop30d', 'halfPeakBalance30d'),
    below('dropBeforeThisDebit30d', 'halfPeakBalance30d'),
    any(is('usualBalanceKnown', false), below('balanceAfter', 'halfUsualBalance')),
    below('largestDebitSincePeak30d', 'halfBalanceDrop30d'),
    below('merchantOutflowSincePeak30d', 'halfOutflowSincePeak30d'),
  ),
  'Takeover pattern in account events': all(
    is('itemKind', 'event'),
    oneOf('eventType', TAKEOVER_PATTERN_EVENTS),
    atLeast('takeoverPatternTypes72h', 3),
    below('takeoverPatternTypesBefore72h', 3),
  ),
  'New agent then account changes': all(
    is('itemKind', 'event'),
    oneOf('eventType', AGENT_PATTERN_EVENTS),
    atLeast('agentPatternTypes30d', 3),
    below('agentPatternTypesBefore30d', 3),
    is('agentPatternHasAgent30d', true),
  ),
  'Received and forwarded': all(
    debit,
    isNot('counterpartyRelationship', 'SELF'),
    is('debitIsSpending', false),
    atLeast('thirdPartyCredits72h', 1),
    atLeast('thirdPartyCreditTotal72h', 100_000),
    atLeast('forwardedSinceFirstCredit', 'forwardThreshold70'),
    below('forwardedBeforeThisDebit', 'forwardThreshold70'),
  ),
  'First large cash or wire': all(
    debit,
    is('baselineReady', true),
    oneOf('channel', ['ATM', 'TELLER', 'WIRE']),
    atLeast('debitAmount', 'firstRailThreshold'),
    any(is('railLargestPrior365d', 0), atLeast('debitAmount', 'railPriorTimes3')),
  ),
  'Cash withdrawals more often than usual': all(
    debit,
    is('baselineReady', true),
    is('channel', 'ATM'),
    is('atHome', true),
    atLeast('atmHome14d', 'cashFrequencyThreshold'),
    { fact: 'atmHome14d', operator: 'lessThanInclusive', value: { fact: 'cashFrequencyThreshold' } },
    atLeast('atmHomeTotal14d', 100_000),
  ),
  'Activity after death': all(
    debit,
    is('isCustomerInitiated', true),
    oneOf('profileStatus', ['DECEASED', 'CLOSED']),
    any(
      all(is('channel', 'CHECK'), atLeast('msSinceDeathDay', 11 * DAY_MS)),
      all(oneOf('channel', ['CARD', 'ATM', 'ONLINE_TRANSFER', 'P2P']), atLeast('msSinceDeathDay', DAY_MS)),
    ),
  ),
  'Payment to a confirmed counterparty': all(
    debit,
    isNot('paysConfirmedCounterpartyAfter', null),
    atLeast('paysConfirmedCounterpartyAfter', 1),
    atLeast('debitAmount', 0),
  ),
  [MODIFIER]: all(
    is('anotherRuleFired', true),
    any(
      atLeast('customerAge', 80),
      oneOf('enrollmentReason', ['DIMINISHED_CAPACITY_CONCERN']),
      is('hasTrustedContact', false),
    ),
  ),
};

/**
 * The parameters this port was written against. The default rules' own parameters are compared with
 * them on every run, so a retuned default shows up as "port out of date" instead of a silent mismatch.
 */
export function portDrift(): string[] {
  const problems: string[] = [];
  const realTime = DEFAULT_RULES.filter((r) => r.ruleType !== 'MISSING_EXPECTED_ACTIVITY');
  for (const rule of realTime)
    if (!(rule.name in CONDITIONS))
      problems.push(`default rule "${rule.name}" has no json-rules-engine port`);
  for (const name of Object.keys(CONDITIONS))
    if (!realTime.some((r) => r.name === name)) problems.push(`ported rule "${name}" is no longer a default`);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(realTime.map((r) => [r.name, r.parameters])))
    .digest('hex');
  if (fingerprint !== PORTED_FINGERPRINT)
    problems.push('default rule parameters changed since the port was written');
  return problems;
}

// SHA-256 of the JSON of [name, parameters] of the 29 real-time default rules the port was written against.
const PORTED_FINGERPRINT = '1de3bf0a47dace193ae080c602f02fd8204974efe5cc5682b0f0e794e3809720';

/** A json-rules-engine with the ported rules; its `run()` resolves with one event per fired rule. */
export function createJsonRulesEngine(): Engine {
  const rules: RuleProperties[] = Object.entries(CONDITIONS).map(([name, conditions]) => ({
    name,
    priority: name === MODIFIER ? 1 : 2,
    conditions,
    event: { type: name },
  }));
  const engine = new Engine(rules, { allowUndefinedFacts: false });
  engine.on('success', (event, almanac) => {
    if (event.type !== MODIFIER) almanac.addRuntimeFact('anotherRuleFired', true);
  });
  return engine;
}
