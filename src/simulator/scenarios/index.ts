import { accountTakeover } from './account-takeover.js';
import { caregiverCreep } from './caregiver-creep.js';
import { dormantDrain } from './dormant-drain.js';
import { familyAtm } from './family-atm.js';
import { governmentImposter } from './government-imposter.js';
import { grandparent } from './grandparent.js';
import { investment } from './investment.js';
import { lottery } from './lottery.js';
import { moneyMule } from './money-mule.js';
import { poaDrain } from './poa-drain.js';
import { postDeath } from './post-death.js';
import { romance } from './romance.js';
import type { Scenario, Typology } from './scenario.js';
import { techSupport } from './tech-support.js';

/** Every typology's scenario, keyed by its typology (detection.md §5). */
export const SCENARIOS: Readonly<Record<Typology, Scenario>> = {
  romance,
  tech_support: techSupport,
  government_imposter: governmentImposter,
  grandparent,
  lottery,
  investment,
  money_mule: moneyMule,
  account_takeover: accountTakeover,
  family_atm: familyAtm,
  caregiver_creep: caregiverCreep,
  poa_drain: poaDrain,
  dormant_drain: dormantDrain,
  post_death: postDeath,
};
