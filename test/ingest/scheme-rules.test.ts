import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SchemeRule } from '../../db/schema.ts';
import { ingestJson } from '../../server/ingest/index.ts';
import { contextFor, errorsOf, linesOf } from './context.ts';

const line = (fields: Record<string, string | number | null>) => ({
  beneficiary_ref: 'S-1',
  beneficiary_type: 'entreprise',
  commune: '59350',
  stage: 'consolidation',
  start_date: '2025-01-06',
  jobs_consolidated_fte: 2,
  ...fields,
});
const check = async (scheme: string, fields: Record<string, string | number | null>) =>
  ingestJson({ lines: [line(fields)] }, await contextFor(scheme));

const rules = suite('Scheme rules seeded by migration 002');

rules('reject a stage the scheme does not serve, naming the stages it serves', async () => {
  const errors = errorsOf(await check('ACCESS', { stage: 'consolidation' }));
  assert.equal(
    errors.map((e) => [e.line, e.column, e.value]),
    [[1, 'stage', 'consolidation']],
  );
  assert.match(errors[0].message, "ACC'ESS accompagne les stades émergence, création");
  assert.match(
    errorsOf(await check('FIDESS', { stage: 'creation' }))[0].message,
    'FIDESS accompagne le stade émergence',
  );
  assert.is(linesOf(await check('DLA', { stage: 'développement' })).length, 1);
});

rules('hold DASESS advances between 5,000 and 100,000 € when an amount is given', async () => {
  const low = errorsOf(await check('DASESS', { amount_eur: '4 999' }));
  assert.equal(
    low.map((e) => [e.column, e.value]),
    [['amount_eur', '4 999']],
  );
  assert.match(low[0].message, 'entre 5\u202f000 € et 100\u202f000 €');
  assert.is(errorsOf(await check('DASESS', { amount_eur: 100001 })).length, 1);
  assert.equal(
    linesOf(await check('DASESS', { amount_eur: '5000' })).map((l) => l.amountEur),
    [5000],
  );
  assert.equal(
    linesOf(await check('DASESS', { amount_eur: null })).map((l) => l.amountEur),
    [null],
  );
  assert.is(linesOf(await check('DLA', { amount_eur: 150000 })).length, 1, 'other schemes have no range');
});

rules('ask DASESS for at least one consolidated job', async () => {
  const errors = errorsOf(await check('DASESS', { jobs_consolidated_fte: '0,5' }));
  assert.equal(
    errors.map((e) => [e.column, e.value]),
    [['jobs_consolidated_fte', '0,5']],
  );
  assert.match(errors[0].message, 'au moins 1 emploi consolidé');
  assert.match(errorsOf(await check('DASESS', { jobs_consolidated_fte: null }))[0].message, 'employeurs');
});

rules(
  "warn, without blocking, about an ACC'ESS company created more than three years before the quarter's end",
  async () => {
    const old = await check('ACCESS', { stage: 'creation', creation_date: '30/03/2022' });
    assert.is(linesOf(old).length, 1);
    assert.equal(
      old.warnings.map((w) => [w.line, w.column, w.value, w.severity]),
      [[1, 'creation_date', '30/03/2022', 'warning']],
    );
    assert.match(old.warnings[0].message, 'plus de 3 ans avant la fin du trimestre T1 2025 (31/03/2025)');
    assert.is((await check('ACCESS', { stage: 'creation', creation_date: '31/03/2022' })).warnings.length, 0);
    assert.is((await check('ACCESS', { stage: 'creation', creation_date: null })).warnings.length, 0);
    const holder = await check('ACCESS', {
      stage: 'creation',
      beneficiary_type: 'porteur_projet',
      creation_date: '2010-01-01',
    });
    assert.is(holder.warnings.length, 0, 'project holders are always eligible');
  },
);

rules.run();

const custom = suite('Scheme rules as the Region edits them');

const rule = (fields: Partial<SchemeRule>): SchemeRule => ({
  id: 1,
  scheme: 'DLA',
  rule: 'amount_range',
  severity: 'error',
  params: '{}',
  enabled: 1,
  ...fields,
});

custom('apply the severity of the rule row: a warning rule does not block', async () => {
  const ctx = await contextFor('DLA', {
    rules: [rule({ severity: 'warning', params: '{"min":0,"max":1000}' })],
  });
  const result = ingestJson({ lines: [line({ amount_eur: 5000 })] }, ctx);
  assert.is(linesOf(result).length, 1);
  assert.equal(
    result.warnings.map((w) => w.column),
    ['amount_eur'],
  );
});

custom('ignore unknown rule codes, malformed params and disabled rules', async () => {
  const ctx = await contextFor('DLA', {
    rules: [
      rule({ rule: 'max_moon_phase', params: '{"phase":3}' }),
      rule({ params: 'not json' }),
      rule({ rule: 'allowed_stages', params: '{"stages":"emergence"}' }),
      rule({ rule: 'allowed_stages', params: '{"stages":["emergence"]}', enabled: 0 }),
    ],
  });
  const result = ingestJson({ lines: [line({ amount_eur: 5000 })] }, ctx);
  assert.is(linesOf(result).length, 1);
  assert.is(result.warnings.length, 0);
});

custom.run();
