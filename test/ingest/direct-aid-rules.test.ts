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

const Dasess = suite('DASESS eligibility columns');

Dasess('headcount, difficulty criteria and term are read, stored as codes, and checked as the roadmap states', async () => {
  const result = await ingestFile(fixture('direct-aids/DASESS-eligibility.csv'), 'csv', await contextFor('DASESS'));
  const errors = result.ok ? [] : result.errors.map((e) => `${e.line} ${e.column}`);
  assert.equal(errors, ['7 criteres_difficulte'], describeAll(result));
  const warnings = result.warnings.map((w) => `${w.line} ${w.column}`);
  for (const expected of ['3 date_creation', '4 effectif_salaries', '5 criteres_difficulte', '6 duree_avance_mois']) assert.ok(warnings.includes(expected), `${expected}: ${describeAll(result)}`);
  for (const line of [2, 8]) assert.not.ok(warnings.some((w) => w.startsWith(`${line} `)), `line ${line} is eligible or says nothing: ${describeAll(result)}`);
  assert.match(describeAll(result), /critère de difficulté inconnu « météo » : attendus « perte », « fonds propres », « financement »/);
  // Without the faulty line the file is accepted and the criteria are stored as codes.
  const text = new TextDecoder().decode(fixture('direct-aids/DASESS-eligibility.csv')).split('\r\n').filter((l) => !l.startsWith('DAS-6')).join('\r\n');
  const accepted = await ingestFile(new TextEncoder().encode(text), 'csv', await contextFor('DASESS'));
  assert.ok(accepted.ok, describeAll(accepted));
  if (accepted.ok) {
    assert.equal(accepted.lines.slice(0, 2).map((l) => [l.headcount, l.difficultyCriteria, l.advanceTermMonths]), [[5, 'perte,fonds_propres', 12], [2, 'financement', 12]]);
    assert.equal([accepted.lines[5].headcount, accepted.lines[5].difficultyCriteria], [null, null]);
  }
});

const describeAll = (result: Awaited<ReturnType<typeof ingestFile>>) => [...(result.ok ? [] : result.errors), ...result.warnings].map(describe).join('\n');

Dasess.run();

const Template = suite('DASESS template and storage');

Template('only the DASESS template offers the eligibility columns; the API stores and returns them', async () => {
  const { buildTemplate } = await import('../../server/ingest/index.ts');
  const dasess = String((await buildTemplate('DASESS', 'csv')).body);
  const access = String((await buildTemplate('ACCESS', 'csv')).body);
  for (const header of ['effectif_salaries', 'criteres_difficulte', 'duree_avance_mois']) {
    assert.ok(dasess.includes(header), header);
    assert.not.ok(access.includes(header), header);
  }
  const { call, createTestApp, sessionFor } = await import('../helpers/app.ts');
  const { addAgreement } = await import('../reports/fixtures.ts');
  const t = await createTestApp();
  await addAgreement(t, 'dasess-op', 'DASESS', '2025-01-01', '2025-12-31');
  const op = (await sessionFor(t.db, 'operator', 'dasess-op')).headers;
  const line = { beneficiary_ref: 'D-1', beneficiary_type: 'entreprise', siret: '44306184100013', commune: '02691', stage: 'consolidation', start_date: '2025-01-15', jobs_consolidated_fte: 4, amount_eur: 30000, headcount: 5, difficulty_criteria: 'perte, financement', advance_term_months: 12 };
  const put = await call(t.app, 'PUT', '/api/v1/reports/dasess-op/DASESS/2025-Q1/lines', op, { lines: [line] });
  assert.is(put.status, 200, JSON.stringify(put.body));
  const got = (await call(t.app, 'GET', '/api/v1/reports/dasess-op/DASESS/2025-Q1/lines', op)).body.lines[0];
  assert.equal([got.headcount, got.difficulty_criteria, got.advance_term_months], [5, 'perte,financement', 12]);
  const csv = await call(t.app, 'GET', '/api/v1/reports/dasess-op/DASESS/2025-Q1/lines.csv', op);
  assert.match(String(csv.body), /criteres_difficulte/);
  assert.match(String(csv.body), /perte, financement/);
});

Template.run();
