import type { SignalCategory } from '../values/enums.js';

/** The key term FinCEN asks filers to use for elder financial exploitation (FIN-2022-A002, SAR field 2 and narrative). */
export const EFE_KEY_TERM = 'EFE FIN-2022-A002' as const;

export type EfeClassification = 'THEFT' | 'SCAM' | 'UNDETERMINED';

export interface EfeTypology {
  classification: EfeClassification;
  /** The sub-typology in the advisory's own words. */
  typology: string;
}

/**
 * FinCEN Advisory FIN-2022-A002 (June 2022) splits elder financial exploitation into elder theft
 * (by a trusted person: family, caregiver, fiduciary) and elder scams (by strangers), each with
 * named typologies. Vigil's categories map onto them; capacity indicators alone are no typology.
 */
const TYPOLOGIES: Record<SignalCategory, EfeTypology> = {
  SCAM_GOVERNMENT_IMPOSTER: { classification: 'SCAM', typology: 'Government impersonation scam' },
  SCAM_ROMANCE: { classification: 'SCAM', typology: 'Romance scam' },
  SCAM_TECH_SUPPORT: { classification: 'SCAM', typology: 'Tech and customer support scam' },
  SCAM_PERSON_IN_NEED: { classification: 'SCAM', typology: 'Family/person-in-need scam (grandparent scam)' },
  SCAM_LOTTERY_SWEEPSTAKES: { classification: 'SCAM', typology: 'Lottery and sweepstakes scam' },
  SCAM_INVESTMENT: { classification: 'SCAM', typology: 'Investment scam' },
  SCAM_OTHER: { classification: 'SCAM', typology: 'Other elder scam' },
  MONEY_MULE_VICTIM: { classification: 'SCAM', typology: 'Scam victim used as a money mule' },
  ACCOUNT_TAKEOVER: {
    classification: 'THEFT',
    typology: 'Account takeover (theft of funds through the customer’s credentials)',
  },
  THEFT_FAMILY: { classification: 'THEFT', typology: 'Elder theft by a family member' },
  THEFT_CAREGIVER: { classification: 'THEFT', typology: 'Elder theft by a caregiver' },
  THEFT_FIDUCIARY: {
    classification: 'THEFT',
    typology: 'Elder theft by a fiduciary (power of attorney, guardian, trustee)',
  },
  THEFT_OTHER_KNOWN_PERSON: { classification: 'THEFT', typology: 'Elder theft by another trusted person' },
  POST_DEATH_ACTIVITY: { classification: 'THEFT', typology: 'Theft of a deceased customer’s funds' },
  DIMINISHED_CAPACITY_INDICATOR: {
    classification: 'UNDETERMINED',
    typology: 'Indicators of diminished capacity (no typology on their own)',
  },
  UNDETERMINED: { classification: 'UNDETERMINED', typology: 'Undetermined' },
};

/** Theft or scam, and the advisory's sub-typology, for a signal category. */
export function classifyEfe(category: SignalCategory): EfeTypology {
  return TYPOLOGIES[category];
}
