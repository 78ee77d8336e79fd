// Limits on what one report file may hold, checked while reading and before any value is validated
// (OWASP ASVS V12/V13: size before content): rows, columns and cell length for every format, plus the
// uncompressed size of an XLSX and the nesting of JSON. Each refusal names the limit in French.

export interface IngestLimits {
  /** Most data rows (lines after the header) */
  maxRows: number;
}

/** A cell holds one value (a reference, a commune name, a date): no column needs more. */
export const MAX_CELL_CHARS = 500;
/** The template has 19 columns; a sheet may carry some of its own, not thousands. */
export const MAX_COLUMNS = 200;
/** Characters of a whole CSV record (a line and its quoted line breaks). */
export const MAX_RECORD_CHARS = 64 * 1024;
/** An XLSX's parts once decompressed, all together: a 10 MB file at the row limit needs about 60 MB. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** Files inside an XLSX (a workbook has a dozen; more is not a report). */
export const MAX_XLSX_ENTRIES = 500;
/** {lines: [{…}]} is 3 levels deep; a little room for what tools add. */
export const MAX_JSON_DEPTH = 6;
/** Rows a title or notes may take above the header. */
export const HEADER_SEARCH_ROWS = 10;

export const frenchCount = (n: number) => new Intl.NumberFormat('fr-FR').format(n);

export const tooManyRows = (maxRows: number) =>
  `Fichier trop long : plus de ${frenchCount(maxRows)} lignes de bénéficiaires (limite d’un rapport). Vérifiez qu’il s’agit bien du rapport d’un trimestre, ou découpez-le.`;

export const tooManyColumns = (line: number) =>
  `Ligne ${line} : plus de ${MAX_COLUMNS} colonnes (limite d’un rapport) : est-ce bien le modèle du dispositif ?`;

/** Shown instead of an over-long value in messages: its start and its length. */
export function abridged(value: string): string {
  return value.length <= 60 ? value : `${value.slice(0, 40)}… (${frenchCount(value.length)} caractères)`;
}

/**
 * The nesting depth of a JSON text, counted in one linear pass over its brackets (strings skipped), so a
 * deeply nested body is refused before JSON.parse builds it. @returns the deepest level reached, capped at limit + 1
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return deepest;
}
