// The demo accounts `npm start` prints and the README lists. Their passwords are public on purpose:
// they exist only in a database seeded with demo data (TERRITOIRES_DEMO=0 leaves them out).
import type { Role } from '../../db/schema.ts';

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  /** The operator an operator account belongs to */
  operator?: string;
}

// One password per role keeps seeding fast: each distinct password is hashed once (scrypt, ~100 ms).
const REGION_PASSWORD = 'demo-region-2026';
const COTECH_PASSWORD = 'demo-cotech-2026';
const OPERATOR_PASSWORD = 'demo-operateur-2026';

const operatorLogin = (operator: string): DemoLogin => ({ email: `${operator}@demo.example`, password: OPERATOR_PASSWORD, role: 'operator', operator });

/** The Region's and the COTECH's accounts, then one per listed operator (`<operator>@demo.example`). */
export function demoLoginsFor(operators: readonly string[]): DemoLogin[] {
  return [
    { email: 'region@demo.example', password: REGION_PASSWORD, role: 'region' },
    { email: 'cotech@demo.example', password: COTECH_PASSWORD, role: 'cotech' },
    ...operators.map(operatorLogin),
  ];
}

/** Hauts-de-France's demo accounts (Pays de la Loire's: profiles.ts). */
export const DEMO_LOGINS: readonly DemoLogin[] = demoLoginsFor([
  'gallee', // ACC'ESS: its 2026-Q3 report was returned with a comment
  'bge-picardie', // ACC'ESS: 2026-Q3 submitted, awaiting review
  'dla-59', // DLA du Nord: 2026-Q3 uploaded but not yet submitted
  'dla-02', // DLA de l'Aisne: 2026-Q3 not filed, late
  'fidess-demo',
  'dasess-demo',
]);
