import type { Migration } from 'kysely';
import * as m001 from './001-initial.ts';
import * as m002 from './002-reference-data.ts';

// Explicit list, in order: a migration is never renamed or edited once released.
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-reference-data': m002,
};
