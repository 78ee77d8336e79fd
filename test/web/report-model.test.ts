// The report pages' pure logic: which buttons a user gets, how a rejected upload's answer becomes the
// editable table and the table becomes a JSON upload, and how errors find their cells.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../web/api.ts';
import { communeLabel, communeList } from '../../web/components/forms/commune-combobox.tsx';
import {
  allowedActions,
  canDeclareEmpty,
  cellId,
  columnKeyOf,
  isPeriod,
  isRetryable,
  issueColumnText,
  issueSummary,
  issuesFrom,
  lineCountText,
  linesBody,
  nextLineNumber,
  type ReportSummary,
  reportGrid,
  rowsFromAnswer,
  rowsFromLines,
  tableColumnName,
  visibleColumns,
} from '../../web/pages/reports/report-model.ts';
import { unreadableFileReason } from '../../web/pages/reports/send-lines.ts';

const actions = suite('Report actions offered in the page');

actions('lets an operator upload an expected report but not submit it before a first upload', () => {
  assert.equal(allowedActions('expected', 'operator', false), ['upload']);
  assert.equal(allowedActions('draft', 'operator', true), ['upload', 'submit']);
});

actions('gives the Region validate and return on a submitted report, reopen on a validated one', () => {
  assert.equal(allowedActions('submitted', 'region', true), ['validate', 'return']);
  assert.equal(allowedActions('submitted', 'operator', true), []);
  assert.equal(allowedActions('validated', 'region', true), ['reopen']);
});

actions('gives a COTECH member nothing', () => {
  assert.equal(allowedActions('draft', 'cotech', true), []);
});

actions.run();

const declareEmpty = suite('Declaring a quarter without any beneficiary');

declareEmpty('offers the declaration on a report that takes uploads, expected or already filed with lines', () => {
  assert.ok(canDeclareEmpty({ status: 'expected', declaredEmpty: false }, ['upload']));
  assert.ok(canDeclareEmpty({ status: 'draft', declaredEmpty: false }, ['upload', 'submit']));
});

declareEmpty('does not offer it again on a draft that already is the declaration, nor without upload', () => {
  assert.not.ok(canDeclareEmpty({ status: 'draft', declaredEmpty: true }, ['upload', 'submit']));
  assert.not.ok(canDeclareEmpty({ status: 'submitted', declaredEmpty: false }, ['validate', 'return']));
});

declareEmpty('offers it again on a declared report the Region returned, which needs a new revision', () => {
  assert.ok(canDeclareEmpty({ status: 'returned', declaredEmpty: true }, ['upload']));
});

declareEmpty('writes the calendar cell’s line count, saying when 0 lines were declared', () => {
  assert.is(lineCountText({ lineCount: 0, declaredEmpty: true }), '0 ligne (déclaré vide)');
  assert.is(lineCountText({ lineCount: 1, declaredEmpty: false }), '1 ligne');
  assert.is(lineCountText({ lineCount: 12 }), '12 lignes');
  assert.is(lineCountText({ lineCount: 0, declaredEmpty: false }), '', 'nothing before a first upload');
});

declareEmpty.run();

const table = suite('Editable table of report lines');

table('fills the table from a rejected upload’s rows, whatever names its columns carry', () => {
  const rows = rowsFromAnswer([{ line: 3, values: { beneficiary_ref: 'B-1', code_commune: '99999', unknown_column: 'x' } }]);
  assert.equal(rows, [{ line: 3, values: { beneficiary_ref: 'B-1', commune: '99999' } }]);
});

table('fills the table from stored lines, a SIREN-only company keeping its SIREN', () => {
  const rows = rowsFromLines([{ line: 2, beneficiary_ref: 'B-2', siret: null, siren: '732829320', commune: '02381', jobs_consolidated_fte: 2.5, end_date: null }]);
  assert.equal(rows, [{ line: 2, values: { beneficiary_ref: 'B-2', siret: '732829320', commune: '02381', jobs_consolidated_fte: '2,5' } }]);
});

table('fills the table from stored lines as the read-only table and the export show them: labels, decimal comma', () => {
  const [row] = rowsFromLines([{ line: 2, stage: 'creation', legal_form: 'cooperative', jobs_created_fte: 4.3, amount_eur: 12500 }]);
  assert.equal(row.values, { legal_form: 'coopérative', stage: 'création', jobs_created_fte: '4,3', amount_eur: '12500' });
});

table('sends the table with English names and the line numbers of the file, leaving empty cells out', () => {
  const body = linesBody([{ line: 4, values: { beneficiary_ref: ' B-3 ', commune: '02381', siret: '' } }]);
  assert.equal(body, { lines: [{ line: 4, beneficiary_ref: 'B-3', commune: '02381' }] });
});

table('numbers an added row after the last line', () => {
  assert.is(nextLineNumber([{ line: 2, values: {} }, { line: 7, values: {} }]), 8);
  assert.is(nextLineNumber([]), 2);
});

table('shows the required columns, those with values and those with an error', () => {
  const columns = visibleColumns([{ line: 2, values: { amount_eur: '5000' } }], [{ line: 2, column: 'date_creation', message: 'x' }]);
  assert.ok(columns.includes('beneficiary_ref'));
  assert.ok(columns.includes('amount_eur'));
  assert.ok(columns.includes('creation_date'));
  assert.not.ok(columns.includes('site'));
});

table.run();

const issues = suite('Errors pointing at cells');

issues('finds the cell of an error named by its French header or its English name', () => {
  assert.is(columnKeyOf('code_commune'), 'commune');
  assert.is(columnKeyOf('Code INSEE'), 'commune');
  assert.is(columnKeyOf('jobs_consolidated_fte'), 'jobs_consolidated_fte');
  assert.is(cellId(3, 'commune'), 'cellule-3-commune');
});

issues('names the columns of the browser’s table by their French headers, though it is sent with English names', () => {
  assert.is(tableColumnName('beneficiary_ref'), 'ref_beneficiaire');
  assert.is(tableColumnName('stage'), 'stade');
  assert.is(tableColumnName('start_date'), 'date_debut');
  assert.is(tableColumnName('commune'), 'code_commune');
  assert.is(tableColumnName('notes'), 'notes', 'an unknown column keeps its name');
  assert.is(issueColumnText('stage', 'table'), '« stade »');
});

issues('keeps a file’s own header beside the table’s, and names no column for an issue about the whole file', () => {
  assert.is(issueColumnText('Code INSEE', 'as-sent'), '« Code INSEE »');
  assert.is(issueColumnText('Code INSEE', 'file-in-table'), '« code_commune » (« Code INSEE » dans le fichier)');
  assert.is(issueColumnText('code_commune', 'file-in-table'), '« code_commune »');
  assert.is(issueColumnText('', 'table'), null);
});

issues('counts errors and the lines they are on, in French', () => {
  const list = [
    { line: 2, column: 'siret', message: 'a' },
    { line: 2, column: 'stade', message: 'b' },
    { line: 5, column: 'stade', message: 'c' },
  ];
  assert.is(issueSummary(list, 'erreur'), '3 erreurs sur 2 lignes');
  assert.is(issueSummary(list.slice(0, 1), 'avertissement'), '1 avertissement sur 1 ligne');
});

issues('reads the details of an error answer and ignores what is not an issue', () => {
  assert.equal(issuesFrom([{ line: 3, column: 'siret', value: '123', message: 'SIRET invalide' }, 'noise', null]), [
    { line: 3, column: 'siret', value: '123', message: 'SIRET invalide', severity: 'error' },
  ]);
  assert.equal(issuesFrom(undefined), []);
});

issues.run();

const addresses = suite('Report addresses and errors');

addresses('accepts a quarter written AAAA-Qn only', () => {
  assert.ok(isPeriod('2025-Q1'));
  for (const bad of ['2031-Q9', '2025-T1', '2025-q1', '2025Q1', '']) assert.not.ok(isPeriod(bad), bad);
});

addresses('offers to try again after a network or server failure, not after a refusal', () => {
  assert.ok(isRetryable(new ApiError(0, 'network', 'Le serveur ne répond pas')));
  assert.ok(isRetryable(new ApiError(503, 'http_error', 'Erreur du serveur (503)')));
  assert.ok(isRetryable(new Error('unexpected')));
  for (const status of [400, 403, 404, 409]) assert.not.ok(isRetryable(new ApiError(status, 'x', 'refusé')), String(status));
});

addresses('stops a file that is neither CSV nor XLSX before sending it, saying what to do', () => {
  for (const name of ['rapport.csv', 'RAPPORT.XLSX', 'export.txt', 'sans-extension']) assert.is(unreadableFileReason(name), null, name);
  assert.match(unreadableFileReason('ancien.xls') ?? '', 'enregistrez-le au format .xlsx');
  assert.match(unreadableFileReason('calc.ods') ?? '', 'LibreOffice');
  assert.match(unreadableFileReason('compte-rendu.pdf') ?? '', 'n’est ni un CSV ni un classeur Excel .xlsx');
});

addresses.run();

const calendar = suite('Calendar of expected reports');

const report = (operator: string, scheme: string, period: string): ReportSummary => ({
  operator,
  operatorName: operator.toUpperCase(),
  scheme,
  period,
  status: 'expected',
  due: '2026-04-30',
  late: false,
  lineCount: 0,
});

calendar('groups reports by operator and scheme, one cell per quarter', () => {
  const grid = reportGrid([report('b', 'DLA', '2026-Q2'), report('a', 'ACCESS', '2026-Q1'), report('b', 'DLA', '2026-Q1')]);
  assert.equal(
    grid.map((r) => [r.key, [...r.byQuarter.keys()].sort()]),
    [
      ['a/ACCESS', [1]],
      ['b/DLA', [1, 2]],
    ],
  );
});

calendar.run();

const communes = suite('Commune search answers');

communes('reads the communes of the search answer and labels them with postcode and code', () => {
  const list = communeList({ query: 'hir', communes: [{ code: '02381', name: 'Hirson', postcodes: ['02500'], epciName: 'CC de la Thiérache du Centre' }] });
  assert.is(list.length, 1);
  assert.is(communeLabel(list[0]), 'Hirson (02500) — 02381');
  assert.equal(communeList('not a list'), []);
});

communes.run();
