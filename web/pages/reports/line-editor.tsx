// The error list and the editable table: each error names its line, column and value and links to
// the cell it is about; cells are plain labelled inputs, so the whole table works with the keyboard.
// "Vérifier" re-checks the table on the server without storing (dryRun); "Enregistrer" stores it as a
// new revision (source web). Nothing is checked twice in the browser: the server's rules are the rules.
import { useEffect, useRef, useState } from 'preact/hooks';
import { COLUMN_BY_KEY, type ColumnKey } from '../../../server/ingest/columns.ts';
import { errorText } from '../../api.ts';
import { useAppState } from '../../state.ts';
import {
  cellId,
  columnKeyOf,
  type EditableRow,
  issueSummary,
  type LineIssue,
  linesBody,
  nextLineNumber,
  visibleColumns,
} from './report-model.ts';
import { type Accepted, sendLines } from './send-lines.ts';

interface Props {
  linesPath: string;
  rows: EditableRow[];
  errors: LineIssue[];
  warnings: LineIssue[];
  /** Why the editor opened: after a rejected file, or to correct the stored lines */
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

/** Moves focus to a cell (and scrolls it into view); false when the issue points at no cell. */
function focusCell(issue: LineIssue): boolean {
  const key = columnKeyOf(issue.column);
  const cell = key ? document.getElementById(cellId(issue.line, key)) : null;
  if (!cell) return false;
  cell.scrollIntoView({ block: 'center', inline: 'center' });
  (cell as HTMLInputElement).focus();
  return true;
}

export function IssueList(props: { issues: LineIssue[]; kind: 'erreur' | 'avertissement'; linkToCells: boolean }) {
  return (
    <ol class={`issue-list issue-${props.kind === 'erreur' ? 'error' : 'warning'}`}>
      {props.issues.map((issue, index) => {
        const text = (
          <>
            Ligne {issue.line}, colonne « {issue.column || '—'} »
            {issue.value !== undefined && issue.value !== '' ? <>, valeur « {issue.value} »</> : ', cellule vide'} : {issue.message}
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
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const summary = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setRows(props.rows);
    setErrors(props.errors);
    setWarnings(props.warnings);
    setOutcome(null);
    // a rejected upload opens the editor: take the reader to the error summary
    if (props.errors.length > 0) requestAnimationFrame(() => summary.current?.focus());
  }, [props.rows, props.errors, props.warnings]);

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

  async function send(dryRun: boolean) {
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
      if (result.ok) {
        setErrors([]);
        setWarnings(result.warnings);
        if (dryRun) {
          const w = result.warnings.length;
          setOutcome({
            kind: 'ok',
            text: `Aucune erreur : ${result.lineCount} ligne${result.lineCount > 1 ? 's' : ''} prête${result.lineCount > 1 ? 's' : ''} à enregistrer${w ? ` (${w} avertissement${w > 1 ? 's' : ''})` : ''}. Cliquez sur « Enregistrer » pour créer une nouvelle révision.`,
          });
        } else {
          props.onSaved(result);
        }
      } else {
        setErrors(result.errors);
        setWarnings(result.warnings);
        setOutcome({ kind: 'error', text: `${result.message}` });
        requestAnimationFrame(() => summary.current?.focus());
      }
    } catch (error) {
      setOutcome({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="line-editor report-section" aria-labelledby="editor-title">
      <h2 id="editor-title">Corriger les lignes dans le navigateur</h2>
      <p>{props.intro}</p>

      {errors.length > 0 && (
        <div class="result-error">
          <h3 id="error-summary" tabIndex={-1} ref={summary}>
            {issueSummary(errors, 'erreur')}
          </h3>
          <p>Chaque erreur mène à la cellule concernée du tableau ci-dessous.</p>
          <IssueList issues={errors} kind="erreur" linkToCells />
        </div>
      )}
      {warnings.length > 0 && (
        <details>
          <summary>{issueSummary(warnings, 'avertissement')} (n’empêchent pas l’enregistrement)</summary>
          <IssueList issues={warnings} kind="avertissement" linkToCells={false} />
        </details>
      )}

      <div class="table-scroll">
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
                  <button
                    type="button"
                    class="button secondary"
                    onClick={() => setRows((current) => current.filter((r) => r.line !== row.line))}
                  >
                    Supprimer<span class="visually-hidden"> la ligne {row.line}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div class="toolbar">
        <button type="button" class="button secondary" onClick={() => setRows((current) => [...current, { line: nextLineNumber(current), values: {} }])}>
          Ajouter une ligne
        </button>
        <button type="button" class="button secondary" disabled={busy !== null} onClick={() => send(true)}>
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
        {outcome && <p class={outcome.kind === 'ok' ? 'result-ok' : 'result-error'}>{outcome.text}</p>}
      </div>
    </section>
  );
}
