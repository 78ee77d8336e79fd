import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { matchHeader } from '../../server/ingest/columns.ts';
import { COLUMNS, ingestFile } from '../../server/ingest/index.ts';
import { contextFor, errorsOf, linesOf, utf8 } from './context.ts';

const headers = suite('Report column headers');

headers('match French and English names whatever the case, accents, spaces, underscores or hyphens', () => {
  for (const [header, key] of [
    ['ref_beneficiaire', 'beneficiary_ref'],
    ['Réf. Bénéficiaire', 'beneficiary_ref'],
    ['BENEFICIARY-REF', 'beneficiary_ref'],
    ['Type bénéficiaire', 'beneficiary_type'],
    ['Emplois consolidés (ETP)', 'jobs_consolidated_fte'],
    ['jobs consolidated fte', 'jobs_consolidated_fte'],
    ['Code INSEE', 'commune'],
    ['commune', 'commune'],
    ['Code postal', 'postcode'],
    ['Date de début', 'start_date'],
    ['Montant (€)', 'amount_eur'],
    ['\uFEFFref_beneficiaire', 'beneficiary_ref'],
  ] as const) {
    assert.is(matchHeader(header), key, header);
  }
  assert.is(matchHeader('Commentaire'), undefined);
});

headers('every column has a French header, an English alias and a description', () => {
  assert.is(COLUMNS.length, 19); // 16 for every scheme (tranche_effectif since issue 13), 3 more in the DASESS template
  for (const column of COLUMNS) {
    assert.ok(column.header && column.alias && column.description.length > 20, column.key);
  }
  assert.equal(
    COLUMNS.filter((c) => c.required).map((c) => c.header),
    ['ref_beneficiaire', 'type_beneficiaire', 'code_commune', 'stade', 'date_debut'],
  );
});

headers(
  'reads a file whose headers are written freely, and reports errors under the header as written',
  async () => {
    const text =
      'Réf Bénéficiaire;TYPE-BENEFICIAIRE;Code Commune;Stade;Date Début;Emplois consolidés ETP\n' +
      'A-1;porteur_projet;59350;émergence;06/01/2025;0\n' +
      'A-2;porteur_projet;59350;émergence;06/01/2025;beaucoup\n';
    const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
    assert.equal(
      errors.map((e) => [e.line, e.column, e.value]),
      [[3, 'Emplois consolidés ETP', 'beaucoup']],
    );
    assert.match(errors[0].message, 'nombre attendu');
  },
);

headers('finds the header under a title line', async () => {
  const text =
    'Rapport T1 2025 - BGE;;;;\nref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\nA-1;porteur_projet;59350;émergence;06/01/2025\n';
  const lines = linesOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.equal(
    lines.map((l) => [l.lineNo, l.beneficiaryRef]),
    [[3, 'A-1']],
  );
});

headers.run();

const missing = suite('Missing, duplicate and unknown columns');

missing('reports each missing required column once, on line 1, under its French name', async () => {
  const text = 'siret;forme_juridique;emplois_consolides_etp\n44306184100013;association;1\n';
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('DLA')));
  assert.equal(
    errors.map((e) => [e.line, e.column]),
    [
      [1, 'ref_beneficiaire'],
      [1, 'type_beneficiaire'],
      [1, 'stade'],
      [1, 'date_debut'],
      [1, 'code_commune'],
    ],
  );
  assert.match(errors[4].message, 'code_postal et nom_commune');
});

missing(
  'accepts postcode and commune name instead of the INSEE code column, and asks for the other half',
  async () => {
    const both =
      'ref_beneficiaire;type_beneficiaire;code_postal;nom_commune;stade;date_debut;emplois_consolides_etp\nA;porteur_projet;80000;Amiens;émergence;06/01/2025;0\n';
    assert.equal(
      linesOf(await ingestFile(utf8(both), 'csv', await contextFor('ACCESS'))).map((l) => l.communeCode),
      ['80021'],
    );
    const half =
      'ref_beneficiaire;type_beneficiaire;code_postal;stade;date_debut\nA;porteur_projet;80000;émergence;06/01/2025\n';
    const errors = errorsOf(await ingestFile(utf8(half), 'csv', await contextFor('ACCESS')));
    assert.equal(
      errors.map((e) => [e.line, e.column]),
      [[1, 'nom_commune']],
    );
  },
);

missing('warns that jobs count as zero when the consolidated jobs column is absent', async () => {
  const text =
    'ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\nA;porteur_projet;59350;émergence;06/01/2025\n';
  const result = await ingestFile(utf8(text), 'csv', await contextFor('ACCESS'));
  assert.equal(
    linesOf(result).map((l) => [l.jobsConsolidatedFte, l.jobsCreatedFte]),
    [[0, 0]],
  );
  assert.equal(
    result.warnings.map((w) => [w.line, w.column]),
    [[1, 'emplois_consolides_etp']],
  );
});

missing('rejects two columns that mean the same thing', async () => {
  const text =
    'ref_beneficiaire;beneficiary_ref;type_beneficiaire;code_commune;stade;date_debut\nA;B;porteur_projet;59350;émergence;06/01/2025\n';
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.equal(
    errors.map((e) => [e.line, e.column]),
    [[1, 'beneficiary_ref']],
  );
  assert.match(errors[0].message, 'colonne en double');
});

missing.run();
