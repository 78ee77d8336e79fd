// The error list and the editable table: each error names its line, column and value and links to
// the cell it is about; cells are plain labelled inputs, so the whole table works with the keyboard.
// "Vérifier" re-checks the table on the server without storing (dryRun); "Enregistrer" stores it as a
// new revision (source web). Nothing is checked twice in the browser: the server's rules are the rules.
import { useEffect, useRef, useState } from 'preact/hooks';
import { COLUMN_BY_KEY, type ColumnKey } from '../../../server/ingest/columns.ts';
import { rejectionMessage } from '../../../server/ingest/rejection.ts';
import { errorText } from '../../api.ts';
import { useAppState } from '../../state.ts';
import { focusById, focusSoon } from '../../focus.ts';
import {
  cellId,
  columnKeyOf,
  type EditableRow,
  type IssueColumnNames,
  issueColumnText,
  issueSummary,
  type LineIssue,
  linesBody,
  nextLineNumber,
  visibleColumns,
} from './report-model.ts';
import { type Accepted, sendLines } from './send-lines.ts';

/** « Vérifier »: where Ctrl+Entrée and the skip link lead. */
const CHECK_BUTTON_ID = 'editeur-verifier';

interface Props {
  linesPath: string;
  rows: EditableRow[];
  errors: LineIssue[];
  warnings: LineIssue[];
  /** Why the editor opened: after a rejected file (its errors name the file's columns), or to correct the stored lines */
  openedFrom: 'rejected-file' | 'stored-lines';
  intro: string;
  onSaved: (result: Accepted) => void;
  onCancel: () => void;
}

type Outcome = { kind: 'ok' | 'error'; text: string } | null;

/** The table as a JSON file in a form: the server records a multipart upload as entered on the web. */
function webForm(rows: EditableRow[]): FormData {
  const form = new FormData();
  form.append('file', new Blob([JSON.stringify(linesBody(rows))], { type: 'application/json' }), 'saisie-navigateur.json');
  return form;
}

function issueId(index: number): string {
  return `erreur-${index}`;
}

const deleteButtonId = (line: number) => `supprimer-ligne-${line}`;

/** Moves focus to a cell (and scrolls it into view); false when the issue points at no cell. */
function focusCell(issue: LineIssue): boolean {
  const key = columnKeyOf(issue.column);
  const cell = key ? document.getElementById(cellId(issue.line, key)) : null;
  if (!cell) return false;
  cell.scrollIntoView({ block: 'center', inline: 'center' });
  (cell as HTMLInputElement).focus();
  return true;
}

export function IssueList(props: { issues: LineIssue[]; kind: 'erreur' | 'avertissement'; linkToCells: boolean; columnNames?: IssueColumnNames }) {
  return (
    <ol class={`issue-list issue-${props.kind === 'erreur' ? 'error' : 'warning'}`}>
      {props.issues.map((issue, index) => {
        const column = issueColumnText(issue.column, props.columnNames ?? 'as-sent');
        const value = issue.value !== undefined && issue.value !== '' ? <>, valeur « {issue.value} »</> : null;
        const text = column ? (
          <>
            Ligne {issue.line}, colonne {column}
            {value ?? ', cellule vide'} : {issue.message}
          </>
        ) : (
          <>
            Ligne {issue.line}
            {value} : {issue.message}
          </>
        );
        const key = columnKeyOf(issue.column);
        return (
          <li key={`${issue.line}-${issue.column}-${index}`} id={props.kind === 'erreur' ? issueId(index) : undefined}>
            {props.linkToCells && key && issue.line > 1 ? (
              <a
                href={`#${cellId(issue.line, key)}`}
                onClick={(e) => {
                  if (focusCell(issue)) e.preventDefault();
                }}
              >
                {text}
              </a>
            ) : (
              text
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function LineEditor(props: Props) {
  const state = useAppState();
  const [rows, setRows] = useState<EditableRow[]>(props.rows);
  const [errors, setErrors] = useState<LineIssue[]>(props.errors);
  const [warnings, setWarnings] = useState<LineIssue[]>(props.warnings);
  // The errors shown came with the rejected file (named by its headers), or from this table
  const [errorsFromFile, setErrorsFromFile] = useState(props.openedFrom === 'rejected-file');
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLHeadingElement>(null);
  const outcomeText = useRef<HTMLParagraphElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setRows(props.rows);
    setErrors(props.errors);
    setWarnings(props.warnings);
    setErrorsFromFile(props.openedFrom === 'rejected-file');
    setOutcome(null);
    // a rejected upload opens the editor on its error summary; stored lines open it on its title
    focusSoon(() => (props.errors.length > 0 ? summary.current : title.current));
  }, [props.rows, props.errors, props.warnings, props.openedFrom]);

  const columns = visibleColumns(rows, errors);
  // issue index by cell, for aria-describedby and the inline message
  const byCell = new Map<string, number[]>();
  errors.forEach((issue, index) => {
    const key = columnKeyOf(issue.column);
    if (!key) return;
    const id = cellId(issue.line, key);
    byCell.set(id, [...(byCell.get(id) ?? []), index]);
  });
  const linesWithErrors = new Set(errors.map((e) => e.line));

  function setCell(line: number, key: ColumnKey, value: string) {
    setRows((current) => current.map((row) => (row.line === line ? { ...row, values: { ...row.values, [key]: value } } : row)));
  }

  /** Says what happened in the status line and takes focus there (the button pressed may be gone or disabled). */
  function tell(kind: 'ok' | 'error', text: string) {
    setOutcome({ kind, text });
    focusSoon(() => outcomeText.current);
  }

  function addRow() {
    const line = nextLineNumber(rows);
    setRows((current) => [...current, { line, values: {} }]);
    // straight to the new row's first cell
    focusSoon(() => document.getElementById(cellId(line, columns[0])));
  }

  function deleteRow(line: number) {
    const index = rows.findIndex((r) => r.line === line);
    const next = rows[index + 1] ?? rows[index - 1];
    setRows((current) => current.filter((r) => r.line !== line));
    setOutcome({ kind: 'ok', text: `Ligne ${line} retirée du tableau (rien n’est enregistré avant « Enregistrer »).` });
    // the next row's button, so that several rows can be removed in a row; else back to "Ajouter une ligne"
    focusSoon(() => (next ? document.getElementById(deleteButtonId(next.line)) : addButton.current));
  }

  async function send(dryRun: boolean) {
    if (rows.length === 0) {
      tell(
        'error',
        'Le tableau ne contient aucune ligne : ajoutez-en une. Si aucun bénéficiaire n’a été accompagné ce trimestre, fermez le tableau et utilisez le bouton « Aucun bénéficiaire ce trimestre ».',
      );
      return;
    }
    setBusy(dryRun ? 'check' : 'save');
    setOutcome(null);
    try {
      const result = await sendLines({
        path: props.linesPath,
        body: webForm(rows),
        contentType: 'multipart/form-data',
        csrfToken: state.csrfToken.value,
        dryRun,
      });
      setErrorsFromFile(false);
      if (result.ok) {
        setErrors([]);
        setWarnings(result.warnings);
        if (dryRun) {
          const w = result.warnings.length;
          tell(
            'ok',
            `Aucune erreur : ${result.lineCount} ligne${result.lineCount > 1 ? 's' : ''} prête${result.lineCount > 1 ? 's' : ''} à enregistrer${w ? ` (${w} avertissement${w > 1 ? 's' : ''})` : ''}. Cliquez sur « Enregistrer » pour créer une nouvelle révision.`,
          );
        } else {
          props.onSaved(result);
        }
      } else {
        setErrors(result.errors);
        setWarnings(result.warnings);
        // the server words a refusal for a file; this table is corrected in place
        setOutcome({ kind: 'error', text: rejectionMessage(result.errors, result.rows.length, dryRun ? 'table-check' : 'table-save') });
        focusSoon(() => summary.current ?? outcomeText.current);
      }
    } catch (error) {
      tell('error', errorText(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section
      class="line-editor report-section"
      aria-labelledby="editor-title"
      onKeyDown={(e) => {
        // Ctrl+Entrée (⌘+Entrée on a Mac), from any cell: to the actions, instead of tabbing through every cell.
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          focusById(CHECK_BUTTON_ID);
        }
      }}
    >
      <h2 id="editor-title" tabIndex={-1} ref={title}>
        Corriger les lignes dans le navigateur
      </h2>
      <p>{props.intro}</p>
      <p class="hint" id="editor-keys">
        Depuis n’importe quelle cellule, <kbd>Ctrl</kbd> + <kbd>Entrée</kbd> mène aux boutons « Vérifier » et « Enregistrer ».{' '}
        <a href={`#${CHECK_BUTTON_ID}`} onClick={(e) => {
          e.preventDefault();
          focusById(CHECK_BUTTON_ID);
        }}>
          Aller aux actions
        </a>
      </p>

      {errors.length > 0 && (
        <div class="result-error">
          <h3 id="error-summary" tabIndex={-1} ref={summary}>
            {issueSummary(errors, 'erreur')}
          </h3>
          <p>Chaque erreur mène à la cellule concernée du tableau ci-dessous.</p>
          <IssueList issues={errors} kind="erreur" linkToCells columnNames={errorsFromFile ? 'file-in-table' : 'table'} />
        </div>
      )}
      {warnings.length > 0 && (
        <details>
          <summary>{issueSummary(warnings, 'avertissement')} (n’empêchent pas l’enregistrement)</summary>
          <IssueList issues={warnings} kind="avertissement" linkToCells={false} columnNames={errorsFromFile ? 'file-in-table' : 'table'} />
        </details>
      )}

      <div class="table-scroll editor-scroll">
        <table>
          <caption>
            Lignes à corriger ({rows.length} ligne{rows.length > 1 ? 's' : ''}) ; le numéro est celui de la ligne dans votre fichier
          </caption>
          <thead>
            <tr>
              <th scope="col">Ligne</th>
              {columns.map((key) => (
                <th scope="col" key={key} title={COLUMN_BY_KEY.get(key)?.description}>
                  {COLUMN_BY_KEY.get(key)?.header ?? key}
                </th>
              ))}
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.line} class={linesWithErrors.has(row.line) ? 'has-error' : undefined}>
                <th scope="row">{row.line}</th>
                {columns.map((key) => {
                  const id = cellId(row.line, key);
                  const cellIssues = byCell.get(id) ?? [];
                  const header = COLUMN_BY_KEY.get(key)?.header ?? key;
                  return (
                    <td key={key}>
                      <input
                        id={id}
                        type="text"
                        value={row.values[key] ?? ''}
                        aria-label={`${header}, ligne ${row.line}`}
                        aria-invalid={cellIssues.length > 0 ? true : undefined}
                        aria-describedby={cellIssues.length > 0 ? cellIssues.map(issueId).join(' ') : undefined}
                        onInput={(e) => setCell(row.line, key, (e.currentTarget as HTMLInputElement).value)}
                      />
                    </td>
                  );
                })}
                <td>
                  <button id={deleteButtonId(row.line)} type="button" class="button secondary" onClick={() => deleteRow(row.line)}>
                    Supprimer<span class="visually-hidden"> la ligne {row.line}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div class="toolbar editor-actions">
        <button ref={addButton} type="button" class="button secondary" onClick={addRow}>
          Ajouter une ligne
        </button>
        <button id={CHECK_BUTTON_ID} type="button" class="button secondary" disabled={busy !== null} onClick={() => send(true)}>
          Vérifier
        </button>
        <button type="button" class="button" disabled={busy !== null || rows.length === 0} onClick={() => send(false)}>
          Enregistrer
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          Fermer sans enregistrer
        </button>
      </div>
      <div role="status" aria-live="polite" class="editor-status">
        {busy === 'check' && <p>Vérification des lignes…</p>}
        {busy === 'save' && <p>Enregistrement des lignes…</p>}
        {outcome && (
          <p class={outcome.kind === 'ok' ? 'result-ok' : 'result-error'} ref={outcomeText} tabIndex={-1}>
            {outcome.text}
          </p>
        )}
      </div>
    </section>
  );
}
