import { emergencyArabic } from './emergency-ar.js';
import type { Scenario } from './types.js';
import { withheldWagesRomanian } from './withheld-wages-ro.js';
import { witnessAntwerpDutch } from './witness-antwerp-nl.js';

export type { Scenario, ScenarioStep } from './types.js';

/** The scenarios the playground offers, in the order of its menu. */
export const SCENARIOS: readonly Scenario[] = [withheldWagesRomanian, emergencyArabic, witnessAntwerpDutch];
