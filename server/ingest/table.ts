// From a grid of cells (CSV or XLSX) to raw rows keyed by column: finds the header, names the columns,
// reports missing, duplicate and unknown ones, and turns each cell into the text the user typed.
import { COLUMN_BY_KEY, type ColumnKey, matchHeader } from './columns.ts';
import { abridged, HEADER_SEARCH_ROWS } from './limits.ts';
import type { Columns } from './validate.ts';
import type { LineIssue, RawRow } from './types.ts';

export type Cell = string | number | boolean | Date | null;
export interface GridRow {
  /** Line (CSV) or row number (XLSX) as the user sees it */
  line: number;
  cells: Cell[];
}

export interface Table {
  rows: RawRow[];
  columns: Columns;
  issues: LineIssue[];
  /** No rows on purpose: the sender declared that no beneficiary was supported in the quarter (JSON only) */
  declaredEmpty?: boolean;
}

/**
 * How to file a quarter without any beneficiary, for the refusal of an empty file: files come from the
 * report page, where the button is (scripts read the same in the API documentation).
 */
export const DECLARE_EMPTY_HINT =
  'pour un trimestre sans aucun bénéficiaire, ne déposez pas de fichier vide : utilisez le bouton « Aucun bénéficiaire ce trimestre » de la page du rapport';

// Named when a file has no recognisable header at all: the columns every file needs.
const REQUIRED_HEADERS = ['beneficiary_ref', 'beneficiary_type', 'commune', 'stage', 'start_date'] as const;
const MS_PER_DAY = 86_400_000;
// Excel serial day 0 is 1899-12-30 (its 1900 leap-year bug included): valid for serials after 60.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const MAX_EXCEL_SERIAL = 2_958_465; // 9999-12-31

const isoOfDate = (date: Date): string => {
  // exceljs gives UTC midnights, sometimes a millisecond short: round to the nearest day when that close.
  const time = date.getTime();
  const nearest = Math.round(time / MS_PER_DAY) * MS_PER_DAY;
  return new Date(Math.abs(time - nearest) < 1000 ? nearest : time).toISOString().slice(0, 10);
};

/** 'YYYY-MM-DD' → '31/03/2025': what the user's spreadsheet shows, and what messages echo. */
const frenchOf = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The text of a cell, as the user would read it in a French spreadsheet; dates as 31/03/2025. */
export function cellText(cell: Cell, kind: 'text' | 'date' | 'number'): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : frenchOf(isoOfDate(cell));
  if (typeof cell === 'number') {
    if (kind === 'date' && cell > 60 && cell < MAX_EXCEL_SERIAL)
      return frenchOf(isoOfDate(new Date(EXCEL_EPOCH + cell * MS_PER_DAY)));
    return String(cell);
  }
  return String(cell);
}

const isEmptyRow = (row: GridRow) =>
  row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

const issueAt = (
  line: number,
  column: string,
  value: string,
  message: string,
  severity: 'error' | 'warning',
): LineIssue => ({
  line,
  column,
  value,
  message,
  severity,
});

/**
 * @param delimiter for CSV: the separator, to explain rows with more fields than the header (an unquoted
 *   decimal comma in a ',' file, or a separator inside a value); XLSX rows may carry unnamed cells.
 */
export function gridToTable(grid: GridRow[], delimiter?: string): Table {
  const nonEmpty = grid.filter((row) => !isEmptyRow(row));
  if (nonEmpty.length === 0) {
    return {
      rows: [],
      columns: { names: new Map() },
      issues: [
        issueAt(
          1,
          '',
          '',
          `Le fichier est vide : attendu une ligne d’en-tête puis une ligne par bénéficiaire ; ${DECLARE_EMPTY_HINT}`,
          'error',
        ),
      ],
    };
  }
  const headerRow =
    nonEmpty
      // A title or a note above the header is tolerated: the header is the first of these rows naming a column.
      .slice(0, HEADER_SEARCH_ROWS)
      .find((row) => row.cells.some((c) => typeof c === 'string' && matchHeader(c) === 'beneficiary_ref')) ??
    nonEmpty[0];
  // Not a single known header (a text document, a file without its header row, another spreadsheet):
  // one error about the file, rather than one per missing column and one per longer row.
  if (!headerRow.cells.some((c) => typeof c === 'string' && matchHeader(c) !== undefined)) {
    const expected = REQUIRED_HEADERS.map((key) => COLUMN_BY_KEY.get(key)!.header).join(', ');
    return {
      rows: [],
      columns: { names: new Map() },
      issues: [
        issueAt(
          headerRow.line,
          '',
          '',
          `La première ligne ne contient aucun des en-têtes attendus (${expected}…) : est-ce bien le modèle du dispositif, enregistré en CSV ou en XLSX ? ` +
            'Le modèle se télécharge depuis la page du rapport',
          'error',
        ),
      ],
    };
  }

  const issues: LineIssue[] = [];
  const names = new Map<ColumnKey, string>();
  const positions: Array<[ColumnKey, number]> = [];
  headerRow.cells.forEach((cell, index) => {
    const header = abridged(cellText(cell, 'text').trim());
    if (!header) return;
    const key = matchHeader(header);
    if (!key) {
      issues.push(issueAt(headerRow.line, header, header, 'colonne inconnue, ignorée', 'warning'));
      return;
    }
    const previous = names.get(key);
    if (previous !== undefined) {
      issues.push(
        issueAt(
          headerRow.line,
          header,
          header,
          `colonne en double : « ${previous} » désigne déjà ${COLUMN_BY_KEY.get(key)!.header}`,
          'error',
        ),
      );
      return;
    }
    names.set(key, header);
    positions.push([key, index]);
  });

  const absent = new Set<ColumnKey>();
  const missing = (key: ColumnKey, message: string) => {
    absent.add(key);
    issues.push(issueAt(headerRow.line, COLUMN_BY_KEY.get(key)!.header, '', message, 'error'));
  };
  for (const key of ['beneficiary_ref', 'beneficiary_type', 'stage', 'start_date'] as const) {
    if (!names.has(key))
      missing(
        key,
        `colonne obligatoire manquante : ${COLUMN_BY_KEY.get(key)!.header} (ou ${COLUMN_BY_KEY.get(key)!.alias})`,
      );
  }
  if (!names.has('commune')) {
    if (names.has('postcode') && !names.has('commune_name'))
      missing(
        'commune_name',
        'colonne manquante : nom_commune, nécessaire avec code_postal quand code_commune est absent',
      );
    else if (names.has('commune_name') && !names.has('postcode'))
      missing(
        'postcode',
        'colonne manquante : code_postal, nécessaire avec nom_commune quand code_commune est absent',
      );
    else if (!names.has('postcode'))
      missing(
        'commune',
        'colonne obligatoire manquante : code_commune (code INSEE), ou bien code_postal et nom_commune',
      );
  }
  if (!names.has('jobs_consolidated_fte')) {
    issues.push(
      issueAt(
        headerRow.line,
        'emplois_consolides_etp',
        '',
        'colonne absente : 0 emploi consolidé sera compté pour chaque ligne',
        'warning',
      ),
    );
  }

  const rows: RawRow[] = [];
  const width = headerRow.cells.length;
  const readers = positions.map(([key, index]) => [key, index, COLUMN_BY_KEY.get(key)!.kind] as const);
  for (const row of nonEmpty) {
    if (row.line <= headerRow.line) continue;
    const extra = row.cells.length > width ? row.cells.slice(width).filter((c) => typeof c === 'string' && c.trim() !== '') : [];
    if (delimiter && extra.length > 0) {
      const hint =
        delimiter === ','
          ? 'un nombre décimal écrit avec une virgule (1,5) doit être entre guillemets ("1,5"), ou enregistrez le fichier avec des points-virgules'
          : `une valeur contient sans doute le séparateur « ${delimiter} » : mettez-la entre guillemets`;
      issues.push(
        issueAt(
          row.line,
          '',
          abridged(extra.join(delimiter)),
          `la ligne compte ${row.cells.length} champs pour ${width} colonnes : ${hint}`,
          'error',
        ),
      );
    }
    const values: Record<string, string> = {};
    for (const [key, index, kind] of readers) values[key] = cellText(row.cells[index] ?? null, kind);
    rows.push({ line: row.line, values });
  }
  if (rows.length === 0) {
    issues.push(
      issueAt(
        headerRow.line,
        '',
        '',
        `Aucune ligne de bénéficiaire après l’en-tête : ajoutez une ligne par bénéficiaire accompagné dans le trimestre ; ${DECLARE_EMPTY_HINT}`,
        'error',
      ),
    );
  }
  return { rows, columns: { names, missing: absent }, issues };
}
