// The JSON body of PUT …/lines: {lines:[{beneficiary_ref, …}]}, English names (French ones accepted too),
// values as numbers or as the cell text the browser's table edited. A quarter without any beneficiary is
// filed deliberately, as {lines: [], declareEmpty: true}: empty lines alone stay an error, so that nobody
// files an empty report by accident.
import { z } from 'zod';
import { COLUMN_BY_KEY, type ColumnKey, matchHeader } from './columns.ts';
import type { LineIssue, RawRow } from './types.ts';
import type { Table } from './table.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const JsonLinesBody = z.object({
  lines: z
    .array(z.record(z.string(), Scalar.optional()))
    .describe('One object per beneficiary supported in the quarter (English column names, French ones accepted)'),
  declareEmpty: z
    .boolean()
    .optional()
    .describe(
      'true to declare that no beneficiary was supported this quarter: "lines" must then be empty, and the ' +
        'report gets a revision with 0 lines that can be submitted. Without it, empty "lines" are refused.',
    ),
});

/**
 * How to file a quarter without any beneficiary, for the refusal of empty JSON lines: only a script sends
 * them (the browser's table never sends an empty list), so this one names the API flag.
 */
export const DECLARE_EMPTY_API_HINT =
  'pour un trimestre sans aucun bénéficiaire, déclarez-le explicitement avec {"lines": [], "declareEmpty": true}';

/** A table with no row and one error about the body as a whole. */
const refusedBody = (column: string, value: string, message: string): Table => ({
  rows: [],
  columns: { names: new Map() },
  issues: [{ line: 1, column, value, message, severity: 'error' }],
});

export function jsonToTable(body: unknown): Table {
  const parsed = JsonLinesBody.safeParse(body);
  if (!parsed.success) {
    return refusedBody(
      '',
      '',
      'Corps JSON attendu de la forme {"lines": [{"beneficiary_ref": "…", …}]}, chaque valeur étant un texte, un nombre ou null ' +
        '(ou {"lines": [], "declareEmpty": true} pour un trimestre sans bénéficiaire, declareEmpty valant true ou false)',
    );
  }
  const { lines, declareEmpty } = parsed.data;
  if (declareEmpty === true && lines.length > 0) {
    // A contradiction, not a file to check line by line: nothing is validated until the sender chooses.
    return refusedBody(
      'declareEmpty',
      'true',
      `Déclaration « aucun bénéficiaire ce trimestre » incompatible avec les ${lines.length} ligne${lines.length > 1 ? 's' : ''} envoyée${lines.length > 1 ? 's' : ''} : ` +
        'envoyez soit les lignes sans "declareEmpty", soit {"lines": [], "declareEmpty": true}',
    );
  }
  if (declareEmpty === true) return { rows: [], columns: { names: new Map() }, issues: [], declaredEmpty: true };
  const names = new Map<ColumnKey, string>();
  const unknown = new Map<string, number>();
  const issues: LineIssue[] = [];
  const rows: RawRow[] = lines.map((object, index) => {
    const declared = Number(object.line);
    const line = Number.isInteger(declared) && declared > 0 ? declared : index + 1;
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(object)) {
      if (name === 'line') continue;
      const key = matchHeader(name);
      if (!key) {
        if (!unknown.has(name)) unknown.set(name, line);
        continue;
      }
      if (!names.has(key)) names.set(key, name);
      values[key] = value === null || value === undefined ? '' : String(value);
    }
    return { line, values };
  });
  for (const [name, line] of unknown) {
    issues.push({ line, column: name, value: '', message: 'champ inconnu, ignoré', severity: 'warning' });
  }
  if (rows.length === 0) {
    issues.push({
      line: 1,
      column: '',
      value: '',
      message: `Aucune ligne : "lines" est vide ; ${DECLARE_EMPTY_API_HINT}`,
      severity: 'error',
    });
  }
  // Missing fields are reported per line, under their English names.
  for (const column of COLUMN_BY_KEY.values())
    if (!names.has(column.key)) names.set(column.key, column.alias);
  return { rows, columns: { names }, issues };
}
