// The Region's direct aids checked against the roadmap's terms (issue 12, migration 008), one fixture file
// per aid: amount ceilings are errors, conditions on the company warnings; the Region can change either.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ingestFile } from '../../server/ingest/index.ts';
import { contextFor, describe, fixture } from './context.ts';

const Aids = suite('direct-aid rules');

async function check(scheme: string) {
  const result = await ingestFile(fixture(`direct-aids/${scheme}.csv`), 'csv', await contextFor(scheme, { operatorId: 'region-hdf' }));
  const at = (issues: typeof result.warnings) => issues.map((i) => `${i.line} ${i.column}`);
  return { result, errors: result.ok ? [] : at(result.errors), warnings: at(result.warnings), all: [...(result.ok ? [] : result.errors), ...result.warnings].map(describe).join('\n') };
}

Aids('BUSIN’ESS: up to 20 000 € (error), at least 0,8 FTE created (warning)', async () => {
  const { errors, warnings, all } = await check('BUSINESS');
  assert.equal(errors, ['4 montant_eur'], all);
  assert.ok(warnings.includes('3 emplois_crees_etp'), all);
  assert.match(all, /BUSIN'ESS finance une création d’emploi : au moins 0,8 ETP créé attendu, 0,5 ETP déclaré/);
  assert.match(all, /entre 0 € et 20\s000 €/);
});

Aids('INV’ESS: in the first three years after creation (warning)', async () => {
  const { result, warnings, all } = await check('INVESS');
  assert.ok(result.ok, all);
  assert.equal(warnings.filter((w) => w.endsWith('date_creation')), ['3 date_creation'], all);
});

Aids('INSO: up to 40 000 € (error), a company over 36 months old, not a project holder (warnings)', async () => {
  const { errors, warnings, all } = await check('INSO');
  assert.equal(errors, ['5 montant_eur'], all);
  assert.ok(warnings.includes('3 date_creation') && warnings.includes('4 type_beneficiaire'), all);
  assert.not.ok(warnings.includes('2 date_creation'), 'created in 2020, over three years before its aid');
  assert.match(all, /moins de 3 ans avant le début de l’aide \(20\/01\/2025\)/);
});

for (const [scheme, max, line] of [['COTE', '60 000', 3], ['TZCLD', '40 000', 3]] as const) {
  Aids(`${scheme}: up to ${max} € (error)`, async () => {
    const { errors, all } = await check(scheme);
    assert.equal(errors, [`${line} montant_eur`], all);
    assert.match(all, new RegExp(`entre 0 € et ${max.replace(' ', '\\s')} €`));
  });
}

Aids('TESS: up to 50 000 € (error), and the line is an EPCI: its SIREN is the one of its commune’s EPCI (error)', async () => {
  const { errors, all } = await check('TESS');
  assert.equal([...errors].sort(), ['3 montant_eur', '3 siret', '4 siret'], all);
  assert.match(all, /le SIREN 200093201 n’est pas celui de l’EPCI de la commune indiquée \(\d{9}\)/);
  assert.match(all, /indiquez dans la colonne SIRET le SIREN de l’EPCI soutenu/);
});

Aids('the Region can make a warning an error, or turn a rule off', async () => {
  const rules = (await contextFor('BUSINESS')).rules.map((r) => (r.rule === 'min_jobs_created' ? { ...r, severity: 'error' as const } : r.rule === 'amount_range' ? { ...r, enabled: 0 } : r));
  const result = await ingestFile(fixture('direct-aids/BUSINESS.csv'), 'csv', await contextFor('BUSINESS', { operatorId: 'region-hdf', rules }));
  assert.not.ok(result.ok);
  if (!result.ok) assert.equal(result.errors.map((e) => `${e.line} ${e.column}`), ['3 emplois_crees_etp']);
});

Aids.run();
