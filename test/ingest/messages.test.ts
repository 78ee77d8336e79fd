// What a refused upload says, and how stored values read: one clear message for a file that is not the
// template, the empty-quarter hint worded for where the lines came from, refusals worded for a file, JSON
// or the browser's table, and the labels the export and the web's tables share.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ingestFile, ingestJson } from '../../server/ingest/index.ts';
import { lineCellText } from '../../server/ingest/export-lines.ts';
import { rejectionMessage } from '../../server/ingest/rejection.ts';
import { toRejection } from '../../server/reports/serialize.ts';
import { contextFor, errorsOf, utf8 } from './context.ts';

const notTemplate = suite('A file that is not the template');

notTemplate('gets one error about its header instead of one per missing column', async () => {
  const text = 'Compte rendu de la réunion du 12 mars\r\nPrésents : Mme A, M. B; M. C\r\nOrdre du jour : bilan du trimestre\r\n';
  const result = await ingestFile(utf8(text), 'csv', await contextFor('ACCESS'));
  const errors = errorsOf(result);
  assert.is(errors.length, 1);
  assert.is(errors[0].line, 1);
  assert.is(errors[0].column, '');
  assert.match(errors[0].message, 'La première ligne ne contient aucun des en-têtes attendus (ref_beneficiaire, type_beneficiaire, code_commune, stade, date_debut…)');
  assert.match(errors[0].message, 'est-ce bien le modèle du dispositif');
  assert.equal(result.warnings, [], 'no "unknown column" warning for each word of the text');
  assert.equal(result.rows, []);
});

notTemplate('gets the same error when the header row was deleted and only data is left', async () => {
  const text = 'B-1;entreprise;02691;émergence;15/01/2025\r\nB-2;entreprise;02691;émergence;16/01/2025\r\n';
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.is(errors.length, 1);
  assert.match(errors[0].message, 'aucun des en-têtes attendus');
});

notTemplate('still lists each missing column when the header is recognised in part', async () => {
  const text = 'ref_beneficiaire;stade\r\nB-1;création\r\n';
  const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
  assert.equal(
    errors.map((e) => e.column),
    ['type_beneficiaire', 'date_debut', 'code_commune'],
  );
});

notTemplate('is answered with that one sentence, once, ending with its question mark', async () => {
  const result = await ingestFile(utf8('bonjour\r\nau revoir\r\n'), 'csv', await contextFor('ACCESS'));
  if (result.ok) throw new Error('expected a refusal');
  const { message } = toRejection(result);
  assert.match(message, /^Dépôt refusé : La première ligne ne contient aucun des en-têtes attendus/);
  assert.match(message, /page du rapport\. Rien n’a été enregistré\.$/);
});

notTemplate.run();

const emptyHint = suite('How to declare an empty quarter, in the refusal of empty lines');

emptyHint('points a file to the button of the report page, without the API body', async () => {
  for (const text of ['', 'ref_beneficiaire;type_beneficiaire;code_commune;stade;date_debut\r\n']) {
    const errors = errorsOf(await ingestFile(utf8(text), 'csv', await contextFor('ACCESS')));
    assert.is(errors.length, 1);
    assert.match(errors[0].message, 'bouton « Aucun bénéficiaire ce trimestre » de la page du rapport');
    assert.not.match(errors[0].message, 'declareEmpty');
  }
});

emptyHint('points JSON lines, which only scripts send, to the declareEmpty flag', async () => {
  const errors = errorsOf(ingestJson({ lines: [] }, await contextFor('ACCESS')));
  assert.match(errors[0].message, '{"lines": [], "declareEmpty": true}');
  assert.not.match(errors[0].message, 'bouton');
});

emptyHint.run();

const refusal = suite('The sentence of a refusal, by sender');

const twoErrors = [
  { line: 3, message: 'commune inconnue' },
  { line: 5, message: 'stade obligatoire' },
];

refusal('asks for the whole file again only when a file was sent', () => {
  assert.is(
    rejectionMessage(twoErrors, 4, 'file'),
    'Fichier refusé : 2 erreurs (lignes 3, 5). Rien n’a été enregistré : corrigez les erreurs et déposez à nouveau le fichier complet.',
  );
  assert.is(toRejection({ errors: [{ ...twoErrors[0], column: 'commune', value: '1', severity: 'error' }], warnings: [], rows: [{ line: 3, values: {} }] }).message.slice(0, 15), 'Fichier refusé ');
});

refusal('speaks of the table, not of a file, to the browser’s editor', () => {
  for (const sender of ['table-check', 'table-save'] as const) {
    const message = rejectionMessage(twoErrors, 4, sender);
    assert.not.match(message, /fichier/i, sender);
    assert.match(message, /corrigez les cellules signalées dans le tableau/i, sender);
    assert.match(message, '2 erreurs (lignes 3, 5)', sender);
  }
  assert.match(rejectionMessage(twoErrors, 4, 'table-check'), 'vérifiez à nouveau');
  assert.match(rejectionMessage(twoErrors, 4, 'table-save'), 'enregistrez à nouveau');
});

refusal('asks a script for all its lines again', () => {
  assert.match(rejectionMessage(twoErrors, 4, 'json'), /^Lignes refusées : 2 erreurs \(lignes 3, 5\)\..*envoyez à nouveau toutes les lignes\.$/);
});

refusal('counts the lines rather than listing them beyond five', () => {
  const many = [2, 3, 4, 5, 6, 7].map((line) => ({ line, message: 'x' }));
  assert.match(rejectionMessage(many, 6, 'file'), '6 erreurs (6 lignes)');
});

refusal.run();

const labels = suite('Stored values as people read them (export and web tables)');

labels('reads stage and legal form codes by their French label', () => {
  assert.is(lineCellText('stage', 'creation'), 'création');
  assert.is(lineCellText('stage', 'developpement'), 'développement');
  assert.is(lineCellText('legal_form', 'cooperative'), 'coopérative');
  assert.is(lineCellText('legal_form', 'societe_commerciale_ess'), 'société commerciale de l\'ESS');
  assert.is(lineCellText('legal_form', 'en_creation'), 'en création');
});

labels('writes numbers with a decimal comma, and nothing for an empty value', () => {
  assert.is(lineCellText('jobs_consolidated_fte', 4.3), '4,3');
  assert.is(lineCellText('amount_eur', 12500), '12500');
  assert.is(lineCellText('end_date', null), '');
  assert.is(lineCellText('commune', '02691'), '02691');
});

labels('is read back to the same values by the ingest', async () => {
  const values = {
    beneficiary_ref: 'B-1',
    beneficiary_type: 'entreprise',
    legal_form: lineCellText('legal_form', 'societe_commerciale_ess'),
    commune: '02691',
    stage: lineCellText('stage', 'creation'),
    start_date: '2025-01-15',
    jobs_consolidated_fte: lineCellText('jobs_consolidated_fte', 4.3),
  };
  const result = ingestJson({ lines: [values] }, await contextFor('ACCESS'));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  assert.is(result.lines[0].legalForm, 'societe_commerciale_ess');
  assert.is(result.lines[0].stage, 'creation');
  assert.is(result.lines[0].jobsConsolidatedFte, 4.3);
});

labels.run();
