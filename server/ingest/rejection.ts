// The sentence that answers a refused set of lines, worded for where the lines came from: a file is fixed
// and sent again whole, JSON lines are sent again by their script, the browser's table is corrected in place.
// The server words files and JSON; the web page words its own table with the same function.
import type { LineIssue } from './types.ts';

/** file: CSV or XLSX; json: an API body; table-check / table-save: the browser's table, checked or saved. */
export type LinesSender = 'file' | 'json' | 'table-check' | 'table-save';

/** "ligne 3", "lignes 2, 5", "12 lignes": where the errors are. */
export function errorLines(errors: ReadonlyArray<Pick<LineIssue, 'line'>>): string {
  const lines = [...new Set(errors.map((e) => e.line))];
  return lines.length <= 5 ? `ligne${lines.length > 1 ? 's' : ''} ${lines.join(', ')}` : `${lines.length} lignes`;
}

/**
 * @param rowCount the rows read: with none and a single error, that error is about the body as a whole
 *   (empty, no known header, declareEmpty with lines) and its own message says what to do.
 */
export function rejectionMessage(errors: ReadonlyArray<Pick<LineIssue, 'line' | 'message'>>, rowCount: number, sender: LinesSender): string {
  if (errors.length === 1 && rowCount === 0) {
    const message = errors[0].message;
    return `Dépôt refusé : ${message}${/[.?!]$/.test(message) ? '' : '.'} Rien n’a été enregistré.`;
  }
  const count = `${errors.length} erreur${errors.length > 1 ? 's' : ''} (${errorLines(errors)})`;
  const them = errors.length > 1 ? 'les erreurs' : 'l’erreur';
  switch (sender) {
    case 'file':
      return `Fichier refusé : ${count}. Rien n’a été enregistré : corrigez ${them} et déposez à nouveau le fichier complet.`;
    case 'json':
      return `Lignes refusées : ${count}. Rien n’a été enregistré : corrigez ${them} et envoyez à nouveau toutes les lignes.`;
    case 'table-check':
      return `Vérification : ${count} à corriger. Corrigez les cellules signalées dans le tableau, puis vérifiez à nouveau.`;
    case 'table-save':
      return `Lignes non enregistrées : ${count}. Rien n’a été enregistré : corrigez les cellules signalées dans le tableau, puis enregistrez à nouveau.`;
  }
}
