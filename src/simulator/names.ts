import type { Random } from './random.js';

function words(text: string, separator: string): readonly string[] {
  return text.split(separator);
}

// Given names common among people born 1925–1966, and surnames common in the US.
const FEMALE = words(
  'Mary Patricia Linda Barbara Elizabeth Dorothy Betty Margaret Helen Ruth Shirley Joan Carol ' +
    'Judith Sandra Nancy Donna Sharon Janet Frances Evelyn Martha Gloria Jean Rosa Maria Carmen Mei ' +
    'Esther Loretta Gladys Beverly Marilyn Doris Phyllis Irene Lois Geraldine Yolanda Ann',
  ' ',
);
const MALE = words(
  'James Robert John William Richard Charles Thomas Donald George Kenneth Joseph Ronald Paul Gary ' +
    'Larry Frank Raymond Harold Walter Eugene Carl Arthur Roger Gerald Jose Manuel Henry Albert ' +
    'Ernest Howard Earl Leon Wei Ralph Clarence Stanley Jerome Samuel Luis Dennis',
  ' ',
);
const YOUNGER_FEMALE = words(
  'Jennifer Lisa Karen Michelle Amy Angela Melissa Stephanie Kimberly Rachel Ashley Jessica Megan ' +
    'Heather Tanya Laura Nicole Maria Christina Erin',
  ' ',
);
const YOUNGER_MALE = words(
  'Michael David Kevin Brian Jason Christopher Steven Mark Eric Daniel Tyler Brandon Justin Ryan ' +
    'Carlos Anthony Matthew Jeffrey Scott Andre',
  ' ',
);
const SURNAMES = words(
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez ' +
    'Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis ' +
    'Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell ' +
    'Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Nguyen ' +
    'Murphy Rivera Cook Rogers Morgan Peterson Cooper Reed Bailey Kowalski Chen Wang Patel Olson ' +
    'Schmidt Sullivan Brennan Novak Fischer',
  ' ',
);
// Names scammers use for the personas they play and the mules they route money through.
const ALIASES = words(
  'Daniel Whitfield, Mark Anderson, Richard Cole, Steven Hayes, Michael Brooks, David Harrington, ' +
    'Sarah Mitchell, Emily Watson, Olivia Grant, James Walter, Kelvin Okafor, Chinedu Eze, ' +
    'Rahul Sharma, Kwame Mensah, Tomasz Kaminski, Adrian Petrov, Lina Haddad, Jasmine Tan',
  ', ',
);

export function firstName(random: Random, sex: 'F' | 'M'): string {
  return random.pick(sex === 'F' ? FEMALE : MALE);
}

export function youngerFirstName(random: Random, sex: 'F' | 'M'): string {
  return random.pick(sex === 'F' ? YOUNGER_FEMALE : YOUNGER_MALE);
}

export function surname(random: Random): string {
  return random.pick(SURNAMES);
}

export function alias(random: Random): string {
  return random.pick(ALIASES);
}

/** A US phone number in the 555-01xx fictional range. */
export function phoneNumber(random: Random): string {
  return `+1-${random.int(201, 989)}-555-01${String(random.int(0, 99)).padStart(2, '0')}`;
}

/** Eight hex digits from a string (FNV-1a): stable IDs for merchants and people. */
export function hash8(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** A counterparty ID as a core banking system would give it: B… for businesses, P… for people. */
export function counterpartyId(kind: 'BUSINESS' | 'INDIVIDUAL', key: string): string {
  return `${kind === 'BUSINESS' ? 'B' : 'P'}${hash8(key)}`;
}

/** A device fingerprint as the online-banking channel reports it. */
export function deviceId(random: Random): string {
  let id = 'dev-';
  for (let i = 0; i < 12; i++) id += random.int(0, 15).toString(16);
  return id;
}
