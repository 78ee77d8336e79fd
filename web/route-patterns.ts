// Which role may open which route: one table, read by the router (app.tsx) and by the tests.
// The API enforces the same rules on its side; this keeps links and pages consistent with it.
import type { Role } from './state.ts';

const ALL: Role[] = ['region', 'operator', 'cotech'];

export const ROUTE_PATTERNS: ReadonlyArray<readonly [pattern: string, roles: readonly Role[]]> = [
  ['/', ['region', 'cotech']],
  ['/tableau-de-bord', ['region', 'cotech']],
  ['/cotech', ['region', 'cotech']],
  ['/seances', ['region', 'cotech']],
  ['/seances/:id', ['region', 'cotech']],
  ['/rapport-annuel', ['region', 'cotech']],
  ['/compte', ALL],
  ['/rapports', ['operator', 'region']],
  ['/rapports/:operator/:scheme/:period', ['operator', 'region']],
  ['/region/revue', ['region']],
  ['/region/admin', ['region']],
  ['/region/admin/:section', ['region']],
];
