import type { Counterparty } from './ledger.js';
import { counterpartyId } from './names.js';
import type { Random } from './random.js';

/** A place the customer pays: name as the feed shows it, and its merchant category code. */
export interface Merchant {
  name: string;
  mcc: string;
}

function table(rows: string): readonly Merchant[] {
  return rows.split(';').map((row) => {
    const [name = '', mcc = ''] = row.split('|');
    return { name: name.trim(), mcc };
  });
}

export const GROCERS = table(
  'KROGER|5411;PUBLIX SUPER MARKET|5411;SAFEWAY|5411;ALDI|5411;HY-VEE|5411;WEGMANS|5411;' +
    'FOOD LION|5411;GIANT EAGLE|5411;H-E-B|5411;TRADER JOES|5411;SAVE A LOT|5411;WINN-DIXIE|5411',
);
export const PHARMACIES = table('WALGREENS|5912;CVS/PHARMACY|5912;RITE AID|5912;MAIN ST PHARMACY|5912');
export const RESTAURANTS = table(
  'CRACKER BARREL|5812;DENNYS|5812;OLIVE GARDEN|5812;PANERA BREAD|5814;GOLDEN CORRAL|5812;' +
    'BOB EVANS|5812;MCDONALDS|5814;LUBYS CAFETERIA|5812;IHOP|5812;DUNKIN|5814;CHINA GARDEN|5812',
);
export const FUEL = table('SHELL OIL|5541;EXXONMOBIL|5541;SPEEDWAY|5541;CIRCLE K|5541;BP|5541');
export const SHOPS = table(
  'WALMART|5310;TARGET|5310;DOLLAR GENERAL|5310;KOHLS|5311;JCPENNEY|5311;ACE HARDWARE|5251;' +
    'HOME DEPOT|5200;AMAZON.COM|5942;BARNES & NOBLE|5942;HOBBY LOBBY|5945;BED BATH HOME|5719',
);
export const DOCTORS = table(
  'FAMILY MEDICINE ASSOC|8011;VALLEY DENTAL GROUP|8021;EYECARE CENTER|8042;QUEST DIAGNOSTICS|8071;' +
    'REGIONAL HEART CLINIC|8011;CITY PHYSICAL THERAPY|8049',
);
export const FOREIGN = table(
  'RISTORANTE DA MARIO|5812;HOTEL CENTRAL|7011;CAFE DE LA PAIX|5814;DUTY FREE SHOP|5309;' +
    'MUSEUM SHOP|5942;TAXI SERVICE|4121;PHARMACIE CENTRALE|5912;SUPERMERCADO|5411;PUB & GRILL|5812',
);

/** The card counterparty for a store the customer uses; storeNumber tells branches apart. */
export function store(merchant: Merchant, storeNumber: number, country = 'US'): Counterparty {
  const name = merchant.name.includes('.COM') ? merchant.name : `${merchant.name} #${storeNumber}`;
  return { id: counterpartyId('BUSINESS', `${name}/${country}`), name, type: 'BUSINESS', country };
}

/** A business counterparty (a biller, a dealership, a platform) by its name. */
export function business(name: string, country = 'US'): Counterparty {
  return { id: counterpartyId('BUSINESS', `${name}/${country}`), name, type: 'BUSINESS', country };
}

/** One of the customer's usual stores of a kind, with a branch number fixed for this customer. */
export function pickStore(
  random: Random,
  merchants: readonly Merchant[],
): { merchant: Merchant; at: Counterparty } {
  const merchant = random.pick(merchants);
  return { merchant, at: store(merchant, random.int(100, 3999)) };
}
