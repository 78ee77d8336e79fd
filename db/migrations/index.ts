import type { Migration } from 'kysely';
import * as m001 from './001-initial.ts';
import * as m002 from './002-reference-data.ts';
import * as m003 from './003-figures.ts';
import * as m004 from './004-region-operator.ts';
import * as m005 from './005-hardening.ts';
import * as m006 from './006-committees.ts';
import * as m007 from './007-mail.ts';
import * as m008 from './008-direct-aid-rules.ts';
import * as m009 from './009-tess-epcis.ts';
import * as m010 from './010-dasess-eligibility.ts';
import * as m011 from './011-equity.ts';
import * as m012 from './012-reference-sirens.ts';
import * as m013 from './013-job-runs.ts';
import * as m014 from './014-fig-snapshots.ts';
import * as m015 from './015-capacity-versions.ts';

// Explicit list, in order: a migration is never renamed or edited once released. (Issue 15 edited 001, 003,
// 006, 007 and 011 once, to run on PostgreSQL too: the statements SQLite runs are the same as before, so a
// database migrated earlier has the schema a new one gets.)
export const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-reference-data': m002,
  '003-figures': m003,
  '004-region-operator': m004,
  '005-hardening': m005,
  '006-committees': m006,
  '007-mail': m007,
  '008-direct-aid-rules': m008,
  '009-tess-epcis': m009,
  '010-dasess-eligibility': m010,
  '011-equity': m011,
  '012-reference-sirens': m012,
  '013-job-runs': m013,
  '014-fig-snapshots': m014,
  '015-capacity-versions': m015,
};
