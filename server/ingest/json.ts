// The JSON body of PUT …/lines: {lines:[{beneficiary_ref, …}]}, English names (French ones accepted too),
// values as numbers or as the cell text the browser's table edited.
import { z } from 'zod';
import { COLUMN_BY_KEY, type ColumnKey, matchHeader } from './columns.ts';
import type { LineIssue, RawRow } from './types.ts';
import type { Table } from './table.ts';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const JsonLinesBody = z.object({
  lines: z.array(z.record(z.string(), Scalar.optional())),
});

export function jsonToTable(body: unknown): Table {
  const parsed = JsonLinesBody.safeParse(body);
  if (!parsed.success) {
    return {
      rows: [],
      columns: { names: new Map() },
      issues: [
        {
          line: 1,
          column: '',
          value: '',
          message:
            'Corps JSON attendu de la forme {"lines": [{"beneficiary_ref": "…", …}]}, chaque valeur étant un texte, un nombre ou null',
          severity: 'error',
        },
      ],
    };
  }
  const names = new Map<ColumnKey, string>();
  const unknown = new Map<string, number>();
  const issues: LineIssue[] = [];
  const rows: RawRow[] = parsed.data.lines.map((object, index) => {
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
      message: 'Aucune ligne : "lines" est vide',
      severity: 'error',
    });
  }
  // Missing fields are reported per line, under their English names.
  for (const column of COLUMN_BY_KEY.values())
    if (!names.has(column.key)) names.set(column.key, column.alias);
  return { rows, columns: { names }, issues };
}
