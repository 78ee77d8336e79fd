// One demo per region the product ships a geography for (issue 12): its operators, how its reports went
// through the workflow, the accounts `npm start` prints, and the prefix of the Region's direct-aid
// references. The generator (generate.ts) and the seeding (seed-demo.ts) take everything regional from here.
import { DEMO_LOGINS, type DemoLogin, demoLoginsFor } from './accounts.ts';
import { DEMO_OPERATORS, type DemoOperatorSpec } from './operators.ts';
import { PAYS_DE_LA_LOIRE_OPERATORS } from './operators-52.ts';

export type Outcome = 'validated' | 'corrected' | 'submitted' | 'draft' | 'returned' | 'missing';

export interface DemoProfile {
  operators: readonly DemoOperatorSpec[];
  /**
   * The reports that are not simply validated, by period then operator. "Today" is November 2026: 2026-Q3
   * (due 30 October) is being reviewed; a few operators still owe 2025-Q4; a few past reports were returned
   * once and then corrected.
   */
  outcomes: Readonly<Record<string, Readonly<Record<string, Outcome>>>>;
  logins: readonly DemoLogin[];
  /** Prefix of the Region's direct-aid references: 'RHDF' → 'RHDF-BUS-0001' */
  directAidPrefix: string;
}

const PROFILES: Readonly<Record<string, DemoProfile>> = {
  '32': {
    operators: DEMO_OPERATORS,
    outcomes: {
      '2024-Q2': { 'bge-hauts-de-france': 'corrected' },
      '2024-Q4': { 'dla-62': 'corrected' },
      '2025-Q2': { 'le-germoir': 'corrected' },
      '2025-Q3': { 'dasess-demo': 'corrected' },
      '2025-Q4': { maillage: 'returned', 'dla-60': 'missing', 'emergences-g2': 'draft', 'dla-80': 'submitted' },
      '2026-Q3': {
        gallee: 'returned', 'bge-picardie': 'submitted', 'dla-59': 'draft', 'dla-02': 'missing', 'la-chambre-d-eau': 'missing',
        'bge-flandre-creation': 'draft', 'bge-littoral-opale': 'submitted', 'le-germoir': 'submitted', 'dla-62': 'submitted',
        'fidess-demo': 'submitted', maillage: 'submitted',
      },
    },
    logins: DEMO_LOGINS,
    directAidPrefix: 'RHDF',
  },
  '52': {
    operators: PAYS_DE_LA_LOIRE_OPERATORS,
    outcomes: {
      '2024-Q2': { 'ess-anjou-maine': 'corrected' },
      '2025-Q3': { 'dasess-demo': 'corrected' },
      '2025-Q4': { 'ess-vendee': 'returned', 'dla-53': 'missing', 'dla-85': 'submitted' },
      '2026-Q3': {
        'ess-loire-atlantique': 'returned', 'ess-anjou-maine': 'submitted', 'dla-44': 'draft', 'dla-72': 'missing',
        'fidess-demo': 'submitted', 'dla-49': 'submitted',
      },
    },
    // The Region, the COTECH, and operators whose 2026-Q3 report was returned, submitted, drafted or not filed.
    logins: demoLoginsFor(['ess-loire-atlantique', 'ess-anjou-maine', 'dla-44', 'dla-72', 'fidess-demo', 'dasess-demo']),
    directAidPrefix: 'RPDL',
  },
};

/** The demo of a region, or null: a region without one starts empty. */
export function demoProfileFor(regionCode: string): DemoProfile | null {
  return PROFILES[regionCode] ?? null;
}
