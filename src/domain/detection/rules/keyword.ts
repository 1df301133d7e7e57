import { isMerchantPayment } from '../payee-kind.js';
import { Type, type Static } from 'typebox';
import { CHANNELS, SIGNAL_CATEGORIES, type SignalCategory } from '../../values/enums.js';
import { formatMoney, scoredDebit, toMinor } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Group = Type.Object(
  {
    category: Type.Unsafe<SignalCategory>({
      type: 'string',
      enum: [...SIGNAL_CATEGORIES],
      description: 'The category a match of this group gives the signal',
    }),
    keywords: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: 100,
      description: 'Words or phrases matched whole and case-insensitively',
    }),
  },
  { additionalProperties: false },
);

const Parameters = Type.Object(
  {
    groups: Type.Array(Group, {
      minItems: 1,
      maxItems: 50,
      description: 'When several groups match, the longest matching phrase decides the category',
    }),
    min_amount: Type.Number({
      minimum: 0,
      maximum: 1e12,
      default: 0,
      description: 'Smallest debit measured',
    }),
    channels: Type.Optional(
      Type.Array(Type.Unsafe<(typeof CHANNELS)[number]>({ type: 'string', enum: [...CHANNELS] }), {
        maxItems: 12,
        description: 'Only debits on these channels are measured (default all)',
      }),
    ),
    skip_merchant_names: Type.Optional(
      Type.Boolean({
        description:
          'Card payments to a business are not measured: their description is the merchant\'s own name ("ST LUKES HOSPITAL"), not words the customer was told to use. Default false',
      }),
    ),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

const DESCRIPTION_QUOTE_CHARS = 80;

/** Lower case, every run of non-letters and non-digits one space, padded: " customs fee ". */
function words(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DESCRIPTION_QUOTE_CHARS ? `${flat.slice(0, DESCRIPTION_QUOTE_CHARS - 1)}…` : flat;
}

/**
 * The debit's description against keyword groups, each tied to a category; the longest matching
 * phrase picks the category, the first listed group on a tie (detection.md §4 KEYWORD).
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  // Fees and charges the bank itself books ("wire fee", "tax withheld") say nothing about the customer.
  if (!debit || debit.description === null || debit.initiatedBy === 'INSTITUTION') return NOT_FIRED;
  if (p.channels && !p.channels.includes(debit.channel)) return NOT_FIRED;
  if (p.skip_merchant_names === true && debit.channel === 'CARD' && isMerchantPayment(debit))
    return NOT_FIRED;
  if (debit.amountMinor < toMinor(p.min_amount)) return NOT_FIRED;
  const text = words(debit.description);
  let best: { phrase: string; category: SignalCategory } | undefined;
  let matched = 0;
  for (const group of p.groups) {
    for (const keyword of group.keywords) {
      const phrase = words(keyword);
      if (phrase.trim() === '' || !text.includes(phrase)) continue;
      matched += 1;
      if (!best || phrase.length > best.phrase.length) best = { phrase, category: group.category };
    }
  }
  if (!best) return NOT_FIRED;
  return {
    outcome: 'FIRED',
    measured: matched,
    threshold: 1,
    baseline: null,
    reason: `A ${debit.channel} debit of ${formatMoney(debit.amountMinor)} described as "${quote(debit.description)}" uses the wording "${best.phrase.trim()}", typical of ${best.category}.`,
    transactionIds: [debit.id],
    eventIds: [],
    category: best.category,
  };
}

export const keyword: RuleTypeDefinition<Parameters> = {
  type: 'KEYWORD',
  parameters: Parameters,
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure,
};

export const keywordDefaults: DefaultRule[] = [
  {
    name: 'Scam wording',
    ruleType: 'KEYWORD',
    weight: 0.4,
    severity: 'MEDIUM',
    signalCategory: 'UNDETERMINED',
    description:
      "A debit whose description uses a scam's typical wording, categorised by the scam it points to.",
    // Tuned: scheduled ACH and bill payments ("IRS USATAXPYMT", a VISA card bill) are the customer's own
    // bills; scammers ask for wires, transfers, cash, gift cards and crypto.
    parameters: {
      min_amount: 0,
      // Issue 13: a hospital's card descriptor says "hospital"; the grandparent scam's memo does too.
      skip_merchant_names: true,
      channels: [
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
      ],
      groups: [
        { category: 'SCAM_TECH_SUPPORT', keywords: ['tech support', 'refund', 'virus'] },
        {
          category: 'SCAM_LOTTERY_SWEEPSTAKES',
          keywords: ['winnings', 'prize', 'lottery', 'sweepstakes', 'fee'],
        },
        {
          category: 'SCAM_GOVERNMENT_IMPOSTER',
          keywords: ['IRS', 'social security', 'warrant', 'tax', 'customs'],
        },
        { category: 'SCAM_PERSON_IN_NEED', keywords: ['bail', 'hospital', 'grandson', 'lawyer'] },
        { category: 'SCAM_INVESTMENT', keywords: ['investment', 'crypto', 'trading', 'profit'] },
        { category: 'SCAM_ROMANCE', keywords: ['love', 'visa', 'flight', 'customs fee'] },
      ],
    },
  },
];
