import type { Counterparty, Ledger } from '../ledger.js';
import { business } from '../merchants.js';
import { counterpartyId, youngerFirstName } from '../names.js';
import { activeUntil, deviceAt, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, monthStarts, startOfDay } from '../time.js';
import type { Channel } from '../wire.js';
import { lifeEventLedger, type LifeEventKind } from './life-event.js';

/**
 * Legitimate life events common among older customers (issue 13), each labelled. Yearly chances
 * are rough shares from household surveys of people over 65 (a car every ~15 years, a hospital
 * stay for ~1 in 10 a year, assisted living mostly after 80), not tuned to any detector.
 */
interface Draw {
  random: Random;
  persona: Persona;
  ledger: Ledger;
  /** A business day's local time in the active period; undefined when the period is too short. */
  dayMs: number;
}

type Generator = (draw: Draw) => void;

const pick = <T>(random: Random, names: readonly T[]): T => random.pick(names);
const roundTens = (dollars: number): number => Math.round(dollars / 10) * 1000;
const at = (d: Draw, dayMs: number, fromHour = 9, toHour = 17): number =>
  localTime(d.persona, dayMs, d.random.int(fromHour, toHour), d.random.int(0, 59));

function pay(
  d: Draw,
  ledger: Ledger,
  draft: { atMs: number; cents: number; channel: Channel; to: Counterparty; memo?: string; mcc?: string },
): void {
  if (draft.atMs >= activeUntil(d.persona)) return;
  const channel = draft.channel === 'BILL_PAY' && !d.persona.isOnline ? 'CHECK' : draft.channel;
  const isCheck = channel === 'CHECK';
  ledger.add({
    // A check clears some days after it is written.
    atMs: isCheck ? draft.atMs + d.random.int(2, 7) * DAY_MS : draft.atMs,
    amountCents: draft.cents,
    direction: 'DEBIT',
    channel,
    counterparty: draft.to,
    mcc: channel === 'CARD' ? draft.mcc : undefined,
    description: isCheck ? `CHECK ${d.random.int(1200, 1990)}` : (draft.memo ?? draft.to.name),
    country: channel === 'CARD' ? 'US' : undefined,
    deviceId:
      channel === 'BILL_PAY' || channel === 'ONLINE_TRANSFER' || channel === 'P2P' || channel === 'WIRE'
        ? deviceAt(d.persona, draft.atMs)
        : undefined,
    initiatedBy: 'CUSTOMER',
  });
}

const DEALERS = [
  'TRI-COUNTY MOTORS',
  'LAKESIDE FORD',
  'SUNRISE TOYOTA',
  'HERITAGE CHEVROLET',
  'VALLEY HONDA',
];
const carPurchase: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'CAR_PURCHASE', d.dayMs);
  const dealer = business(pick(d.random, DEALERS));
  const cents = roundTens(d.random.uniform(14_000, 42_000));
  const atMs = at(d, d.dayMs);
  const byWire = d.random.chance(0.35);
  if (d.random.chance(0.4)) {
    // Money moved over from savings the day before.
    ledger.add({
      atMs: atMs - DAY_MS,
      amountCents: Math.ceil(cents / 500_000) * 500_000,
      direction: 'CREDIT',
      channel: 'ONLINE_TRANSFER',
      counterparty: d.persona.savings,
      description: 'Transfer from savings',
      initiatedBy: 'CUSTOMER',
    });
  }
  if (byWire && d.persona.isOnline && d.random.chance(0.5)) {
    ledger.addEvent({ atMs: atMs - 3 * 3_600_000, eventType: 'LIMIT_INCREASE', details: { limit: 'wire' } });
  }
  if (d.random.chance(0.3)) {
    pay(d, ledger, {
      atMs: atMs - d.random.int(3, 10) * DAY_MS,
      cents: 100_000,
      channel: 'CARD',
      to: dealer,
      mcc: '5511',
    });
  }
  pay(d, ledger, { atMs, cents, channel: byWire ? 'WIRE' : 'CHECK', to: dealer });
};

const FACILITIES = [
  'MAPLE GROVE ASSISTED LIVING',
  'THE GARDENS AT OAKWOOD',
  'HERITAGE PLACE SENIOR LIVING',
  'CEDAR RIDGE RETIREMENT COMMUNITY',
];
const assistedLivingMove: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'ASSISTED_LIVING_MOVE', d.dayMs);
  const facility = business(pick(d.random, FACILITIES));
  const moveMs = at(d, d.dayMs);
  ledger.addEvent({
    atMs: moveMs,
    eventType: 'ADDRESS_CHANGE',
    details: { reason: 'moved', channel: 'branch' },
  });
  if (d.random.chance(0.5)) {
    ledger.addEvent({
      atMs: moveMs + d.random.int(1, 48) * 3_600_000,
      eventType: 'TRUSTED_CONTACT_CHANGE',
      details: { action: 'updated', channel: 'branch' },
    });
  }
  const monthly = d.random.int(38, 75) * 10_000;
  // The community fee and the first month, paid when moving in.
  pay(d, ledger, {
    atMs: moveMs + d.random.int(1, 10) * DAY_MS,
    cents: monthly + d.random.int(20, 60) * 10_000,
    channel: d.random.chance(0.7) ? 'ACH' : 'CHECK',
    to: facility,
    memo: 'COMMUNITY FEE AND RENT',
  });
  const payDay = d.random.int(1, 5);
  for (const month of monthStarts(moveMs + 20 * DAY_MS, activeUntil(d.persona))) {
    pay(d, ledger, {
      atMs: at(d, month + (payDay - 1) * DAY_MS),
      cents: monthly,
      channel: 'ACH',
      to: facility,
      memo: 'MONTHLY RENT',
    });
  }
};

const CONTRACTORS = [
  'ABC ROOFING & SIDING',
  'HOME HEATING & AIR',
  'PRECISION PLUMBING INC',
  'ALL-SEASONS GUTTERS',
  'CRAFTSMAN CONTRACTORS LLC',
];
const homeRepair: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'HOME_REPAIR', d.dayMs);
  const contractor = business(pick(d.random, CONTRACTORS));
  const total = roundTens(d.random.uniform(3_000, 22_000));
  const channel: Channel = d.random.weighted([
    ['CHECK', 8],
    ['CARD', 1],
    ['P2P', d.persona.isOnline ? 1 : 0],
  ]);
  const startMs = at(d, d.dayMs);
  if (d.random.chance(0.55)) {
    // A deposit to book the job, the rest when it is done.
    const deposit = Math.round((total * d.random.uniform(0.25, 0.5)) / 1000) * 1000;
    pay(d, ledger, { atMs: startMs, cents: deposit, channel, to: contractor, mcc: '1761' });
    pay(d, ledger, {
      atMs: startMs + d.random.int(14, 45) * DAY_MS,
      cents: total - deposit,
      channel,
      to: contractor,
      mcc: '1761',
    });
  } else {
    pay(d, ledger, { atMs: startMs, cents: total, channel, to: contractor, mcc: '1761' });
  }
};

const HOSPITALS = [
  'REGIONAL MEDICAL CENTER',
  'ST LUKES HOSPITAL',
  'MERCY HOSPITAL BILLING',
  'UNIVERSITY HEALTH SYSTEM',
];
const hospitalBill: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'HOSPITAL_BILL', d.dayMs);
  const hospital = business(pick(d.random, HOSPITALS));
  const total = Math.round(d.random.uniform(700, 8_000) * 100);
  const channel: Channel = d.random.weighted([
    ['CHECK', 4],
    ['BILL_PAY', 3],
    ['CARD', 2],
    ['ACH', 1],
  ]);
  const installments = total > 300_000 && d.random.chance(0.4) ? d.random.int(2, 4) : 1;
  for (let i = 0; i < installments; i++) {
    pay(d, ledger, {
      atMs: at(d, d.dayMs + i * 30 * DAY_MS),
      cents: Math.round(total / installments),
      channel,
      to: hospital,
      mcc: '8062',
    });
  }
};

const GIFT_REASONS = ['tuition', 'wedding gift', 'for the house', 'car', 'graduation', ''];
const giftToGrandchild: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'GIFT_TO_GRANDCHILD', d.dayMs);
  const known = d.persona.family.find((r) => r.role === 'grandson' || r.role === 'granddaughter');
  const sex = d.random.chance(0.5) ? 'F' : 'M';
  const name = known?.name ?? `${youngerFirstName(d.random, sex)} ${d.persona.lastName}`;
  // A bank seldom knows the payee is family: the feed marks it only some of the time.
  const to: Counterparty = {
    id: known?.counterparty.id ?? counterpartyId('INDIVIDUAL', `${d.persona.customerId}/${name}`),
    name,
    type: 'INDIVIDUAL',
    relationship: d.random.chance(0.6) ? 'FAMILY' : undefined,
    country: 'US',
  };
  const cents = roundTens(d.random.uniform(2_000, 25_000));
  const channel: Channel = d.random.weighted([
    ['CHECK', 5],
    ['ONLINE_TRANSFER', d.persona.isOnline ? 3 : 0],
    ['P2P', d.persona.isOnline && cents <= 500_000 ? 2 : 0],
  ]);
  pay(d, ledger, {
    atMs: at(d, d.dayMs),
    cents,
    channel,
    to,
    memo: pick(d.random, GIFT_REASONS) || undefined,
  });
};

const spouseFuneral: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'SPOUSE_FUNERAL', d.dayMs);
  const startMs = at(d, d.dayMs);
  pay(d, ledger, {
    atMs: startMs + d.random.int(2, 8) * DAY_MS,
    cents: roundTens(d.random.uniform(6_000, 15_000)),
    channel: 'CHECK',
    to: business(
      pick(d.random, ['PEACEFUL REST FUNERAL HOME', 'MILLER & SONS FUNERAL HOME', 'OAKLAWN MORTUARY']),
    ),
  });
  if (d.random.chance(0.6)) {
    pay(d, ledger, {
      atMs: startMs + d.random.int(20, 60) * DAY_MS,
      cents: roundTens(d.random.uniform(1_500, 5_000)),
      channel: 'CHECK',
      to: business(pick(d.random, ['GREENLAWN CEMETERY', 'GRANITE MEMORIALS'])),
    });
  }
  if (d.random.chance(0.6)) {
    ledger.add({
      atMs: startMs + d.random.int(20, 50) * DAY_MS,
      amountCents: d.random.int(10, 50) * 1_000_00,
      direction: 'CREDIT',
      channel: 'ACH',
      counterparty: business('SECURITY LIFE INSURANCE CO'),
      description: 'LIFE INSURANCE CLAIM',
      initiatedBy: 'INSTITUTION',
    });
  }
  if (d.random.chance(0.5)) {
    ledger.addEvent({
      atMs: startMs + d.random.int(10, 40) * DAY_MS,
      eventType: 'BENEFICIARY_CHANGE',
      details: { action: 'updated', channel: 'branch' },
    });
  }
};

const propertyTax: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'PROPERTY_TAX', d.persona.fromMs);
  const payee = business(pick(d.random, ['COUNTY TREASURER', 'CITY TAX COLLECTOR', 'TOWNSHIP TAX OFFICE']));
  const semiAnnual = d.random.chance(0.7);
  const cents = roundTens(d.random.uniform(1_200, 7_000) / (semiAnnual ? 2 : 1));
  const firstMonth = d.random.int(0, semiAnnual ? 5 : 11);
  const channel: Channel = d.random.chance(0.6) ? 'CHECK' : 'BILL_PAY';
  const months = monthStarts(d.persona.fromMs, d.persona.toMs);
  months.forEach((month, i) => {
    if ((i - firstMonth) % (semiAnnual ? 6 : 12) !== 0 || i < firstMonth) return;
    pay(d, ledger, { atMs: at(d, month + d.random.int(5, 25) * DAY_MS), cents, channel, to: payee });
  });
  ledger.record.startMs = ledger.record.transactions[0]?.atMs ?? d.persona.fromMs;
};

const INSURERS = ['GRANITE STATE INSURANCE CO', 'HEARTLAND MUTUAL INS', 'STATEWIDE HOME INSURANCE'];
const newInsurer: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'NEW_INSURER', d.dayMs);
  const insurer = business(pick(d.random, INSURERS));
  const atMs = at(d, d.dayMs);
  const channel: Channel =
    d.persona.isOnline && d.random.chance(0.6) ? 'BILL_PAY' : d.random.chance(0.5) ? 'ACH' : 'CHECK';
  if (channel === 'BILL_PAY') {
    ledger.addEvent({
      atMs: atMs - 15 * 60_000,
      eventType: 'PAYEE_ADDED',
      party: { id: insurer.id, name: insurer.name },
      deviceId: deviceAt(d.persona, atMs),
    });
  }
  pay(d, ledger, {
    atMs,
    cents: roundTens(d.random.uniform(1_200, 4_500)),
    channel,
    to: insurer,
    memo: 'ANNUAL PREMIUM',
  });
};

const taxPayment: Generator = (d) => {
  const ledger = lifeEventLedger(d.persona, d.ledger, 'TAX_PAYMENT', d.dayMs);
  const state = d.random.chance(0.35);
  const payee = business(state ? 'STATE DEPT OF REVENUE' : 'US TREASURY');
  const channel: Channel = d.persona.isOnline && d.random.chance(0.6) ? 'ACH' : 'CHECK';
  pay(d, ledger, {
    atMs: at(d, d.dayMs),
    cents: roundTens(d.random.uniform(1_500, 15_000)),
    channel,
    to: payee,
    memo: state ? 'STATE TAX PAYMENT' : 'IRS USATAXPYMT',
  });
};

// yearly chance for customers under 80 | 80 and over
const EVENTS: readonly [LifeEventKind, Generator, number, number][] = [
  ['CAR_PURCHASE', carPurchase, 0.06, 0.015],
  ['ASSISTED_LIVING_MOVE', assistedLivingMove, 0.006, 0.04],
  ['HOME_REPAIR', homeRepair, 0.07, 0.05],
  ['HOSPITAL_BILL', hospitalBill, 0.08, 0.12],
  ['GIFT_TO_GRANDCHILD', giftToGrandchild, 0.04, 0.03],
  ['SPOUSE_FUNERAL', spouseFuneral, 0.015, 0.035],
  ['PROPERTY_TAX', propertyTax, 0.3, 0.25],
  ['NEW_INSURER', newInsurer, 0.05, 0.03],
  ['TAX_PAYMENT', taxPayment, 0.08, 0.05],
];

/** Draws the customer's labelled life events over the period (besides caregivers, trips, phones). */
export function addLifeEvents(random: Random, persona: Persona, ledger: Ledger): void {
  if (persona.isDormant) return;
  const years = (persona.toMs - persona.fromMs) / (365 * DAY_MS);
  const lastMs = activeUntil(persona);
  for (const [kind, generate, young, old] of EVENTS) {
    const stream = random.fork(kind);
    const yearly = persona.ageAtEnd >= 80 ? old : young;
    // Property tax is a standing habit (a share of customers), the rest are chance events.
    if (!stream.chance(kind === 'PROPERTY_TAX' ? yearly : Math.min(1, yearly * years))) continue;
    const dayMs = startOfDay(stream.uniform(persona.fromMs, lastMs));
    if (dayMs >= lastMs) continue;
    generate({ random: stream, persona, ledger, dayMs });
  }
}
