// Report templates per scheme. The XLSX data sheet holds only the header (an example line there would end
// up uploaded by mistake): help, allowed values and an example line live on the separate "Aide" sheet,
// which the reader never looks at. Code columns are formatted as Text so Excel keeps their leading zeros.
import ExcelJS from 'exceljs';
import type { Stage } from '../../db/schema.ts';
import { toFrenchCsv } from '../exports/csv.ts';
import { COLUMNS, columnsFor } from './columns.ts';
import { LEGAL_FORMS, STAGE_LABELS } from './fields.ts';
import { DATA_SHEET_NAME } from './read-xlsx.ts';
import { schemeLabel } from './scheme-rules.ts';

/** Stages each scheme serves: the defaults of db/migrations/002-reference-data.ts (DOMAIN.md). */
const DEFAULT_STAGES: Readonly<Record<string, Stage[]>> = {
  ACCESS: ['emergence', 'creation'],
  DLA: ['developpement', 'consolidation'],
  FIDESS: ['emergence'],
  DASESS: ['consolidation'],
  BUSINESS: ['creation', 'developpement'],
  INVESS: ['developpement', 'consolidation'],
  INSO: ['emergence', 'creation', 'developpement'],
  TZCLD: ['emergence', 'creation', 'developpement'],
};
const ALL_STAGES = Object.keys(STAGE_LABELS) as Stage[];

export interface TemplateOptions {
  /** The scheme's stages as the database holds them (defaults: DOMAIN.md's) */
  stages?: readonly Stage[];
}

export interface TemplateFile {
  body: Uint8Array | string;
  filename: string;
  contentType: string;
}

// exceljs implements worksheet.dataValidations.add(range, …) but its typings omit it.
interface RangeValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

const TEXT_COLUMNS = new Set(['beneficiary_ref', 'siret', 'commune', 'postcode', 'commune_name', 'site']);
const DATA_ROWS = 1000; // rows given list validation and formats in the XLSX template

function exampleLine(stages: readonly Stage[]): Record<string, string> {
  const examples: Record<string, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, c.example]));
  examples.stage = STAGE_LABELS[stages[0]];
  if (stages[0] === 'emergence') {
    Object.assign(examples, {
      beneficiary_type: 'porteur_projet',
      siret: '',
      legal_form: 'en création',
      jobs_consolidated_fte: '0',
    });
  }
  return examples;
}

export async function buildTemplate(
  scheme: string,
  format: 'csv' | 'xlsx',
  options: TemplateOptions = {},
): Promise<TemplateFile> {
  const stages = options.stages?.length ? options.stages : (DEFAULT_STAGES[scheme] ?? ALL_STAGES);
  const base = `modele-rapport-${scheme.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const columns = columnsFor(scheme);
  const headers = columns.map((c) => c.header);
  if (format === 'csv') {
    return {
      body: toFrenchCsv(headers, []),
      filename: `${base}.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Territoires ESS';
  const data = workbook.addWorksheet(DATA_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(14, c.header.length + 4),
    style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
  }));
  const header = data.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    header.getCell(i + 1).note = `${c.description}${c.example ? ` Exemple : ${c.example}` : ''}`;
  });
  const lists: Partial<Record<string, string[]>> = {
    stage: stages.map((s) => STAGE_LABELS[s]),
    beneficiary_type: ['porteur_projet', 'entreprise'],
    legal_form: LEGAL_FORMS.map((f) => f.label.replace("'", '’')),
  };
  // One validation per column range: per-cell validations take exceljs a second to write.
  const validations = (data as unknown as { dataValidations: RangeValidations }).dataValidations;
  columns.forEach((c, i) => {
    const values = lists[c.key];
    if (!values) return;
    const letter = data.getColumn(i + 1).letter;
    validations.add(`${letter}2:${letter}${DATA_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: 'Valeur non prévue',
      error: `Valeurs possibles : ${values.join(', ')}`,
    });
  });

  const help = workbook.addWorksheet('Aide');
  help.columns = [
    { header: 'Colonne', key: 'header', width: 26 },
    { header: 'Nom anglais (API)', key: 'alias', width: 24 },
    { header: 'Obligatoire', key: 'required', width: 12 },
    { header: 'Description', key: 'description', width: 90 },
    { header: 'Exemple', key: 'example', width: 20 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of columns) {
    help.addRow({
      header: c.header,
      alias: c.alias,
      required: c.required ? (c.key === 'commune' ? 'oui (ou code postal + nom)' : 'oui') : 'non',
      description: c.description,
      example: c.example,
    });
  }
  help.getColumn('description').alignment = { wrapText: true, vertical: 'top' };
  help.addRow([]);
  help.addRow([`Stades du dispositif ${schemeLabel(scheme)}`, stages.map((s) => STAGE_LABELS[s]).join(', ')]);
  help.addRow([
    'Remplissez la feuille « Bénéficiaires » : une ligne par bénéficiaire accompagné pendant le trimestre.',
  ]);
  help.addRow([]);
  const exampleTitle = help.addRow(['EXEMPLE (ne pas recopier : cette feuille n’est pas lue)']);
  exampleTitle.font = { bold: true, italic: true };
  const example = exampleLine(stages);
  help.addRow(columns.map((c) => c.header)).font = { italic: true };
  help.addRow(columns.map((c) => example[c.key])).font = { italic: true };

  return {
    body: new Uint8Array(await workbook.xlsx.writeBuffer()),
    filename: `${base}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}
