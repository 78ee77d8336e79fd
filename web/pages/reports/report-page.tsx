// One report (route `/rapports/:operator/:scheme/:period`): for its operator, filing (template, upload,
// errors, browser corrections, submit) and reading the Region's comments; for the Region, the review
// (lines, validate, return with a comment, reopen). The server decides which actions the user has.
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDate, formatDateTime, formatPeriod } from '../../format.ts';
import { useAppState } from '../../state.ts';
import { useApi } from '../../use-api.ts';
import { DeclareEmpty } from './declare-empty.tsx';
import { focusSoon } from '../../focus.ts';
import { IssueList, LineEditor } from './line-editor.tsx';
import { EDIT_LINES_BUTTON_ID, LinesTable } from './lines-table.tsx';
import { RevisionDiff } from './revision-diff.tsx';
import { EventList, RevisionTable } from './report-history.tsx';
import {
  allowedActions,
  canDeclareEmpty,
  type EditableRow,
  isPeriod,
  isRetryable,
  type LineIssue,
  type ReportAction,
  type ReportDetail,
  reportPath,
  rowsFromLines,
  schemeLabel,
} from './report-model.ts';
import type { Accepted, SendResult } from './send-lines.ts';
import { LateFlag, StatusBadge } from './status-badge.tsx';
import { ColumnHelp, TemplateLinks, UploadPanel } from './upload-panel.tsx';
import { WorkflowActions } from './workflow-actions.tsx';

interface EditorState {
  rows: EditableRow[];
  errors: LineIssue[];
  warnings: LineIssue[];
  openedFrom: 'rejected-file' | 'stored-lines';
  intro: string;
}

type Notice = { kind: 'ok' | 'error'; text: string; warnings?: LineIssue[]; errors?: LineIssue[] } | null;

const byId = (id: string) => document.getElementById(id);

/** The page of an address whose quarter cannot exist ('2031-Q9'): said at once, nothing to fetch or retry. */
function InvalidPeriod(props: { period: string; back: string }) {
  return (
    <>
      <PageTitle title="Adresse de rapport invalide" />
      <div class="error-message" role="alert">
        <p>
          <strong>Adresse invalide :</strong> le trimestre « {props.period} » n’existe pas. Il s’écrit au format AAAA-Qn, par
          exemple 2025-Q1 pour le premier trimestre 2025.
        </p>
      </div>
      <p>
        <a href={props.back}>Retour à la liste des rapports</a>
      </p>
    </>
  );
}

export function ReportPage(props: { operator: string; scheme: string; period: string }) {
  const state = useAppState();
  const role = state.role.value ?? 'operator';
  const path = reportPath(props);
  const validPeriod = isPeriod(props.period);
  const report = useApi<ReportDetail>(validPeriod ? path : null);
  const [editor, setEditor] = useState<EditorState | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [shownRevision, setShownRevision] = useState<number | null>(null);
  const noticeBox = useRef<HTMLDivElement>(null);
  const title = `${schemeLabel(props.scheme)} ${formatPeriod(props.period)}`;
  const listUrl = role === 'region' ? '/region/revue' : '/rapports';

  if (!validPeriod) return <InvalidPeriod period={props.period} back={listUrl} />;
  if (report.loading && !report.data) return <Loading label="Chargement du rapport…" />;
  if (report.error !== null || !report.data) {
    const notFound = report.error instanceof ApiError && report.error.status === 404;
    return (
      <>
        <PageTitle title={notFound ? 'Rapport introuvable' : `Rapport ${title}`} />
        <ErrorMessage
          title={notFound ? 'Rapport introuvable' : 'Impossible d’afficher le rapport'}
          error={report.error}
          onRetry={isRetryable(report.error) ? report.reload : undefined}
        />
        <p>
          <a href={listUrl}>Retour à la liste des rapports</a>
        </p>
      </>
    );
  }

  const r = report.data;
  const actions = r.actions ?? allowedActions(r.status, role, r.revision !== null && r.revision !== undefined);
  const canUpload = actions.includes('upload');
  const workflow = actions.filter((a): a is ReportAction => a !== 'upload');
  const fullTitle = `${r.schemeName ?? schemeLabel(r.scheme)} ${r.label ?? formatPeriod(r.period)}`;
  const current = r.revision ?? null;
  const shown = shownRevision ?? current;
  const shownDeclaredEmpty = shown !== null && r.revisions.some((rev) => rev.number === shown && rev.declaredEmpty);
  const operatorName = r.operatorName ?? r.operator;

  /** Shows an action's result and takes focus there: the control used is often gone (or was disabled while busy). */
  function announce(next: NonNullable<Notice>) {
    setNotice(next);
    focusSoon(() => noticeBox.current);
  }

  function onUpload(result: SendResult, filename: string | null) {
    if (result.ok) {
      setEditor(null);
      setShownRevision(null);
      announce({
        kind: 'ok',
        text: `${filename ? `Fichier « ${filename} » accepté` : 'Lignes enregistrées'} : révision n° ${result.revision ?? '?'} enregistrée avec ${result.lineCount} ligne${result.lineCount > 1 ? 's' : ''}. Le rapport est en brouillon : soumettez-le quand il est complet.`,
        warnings: result.warnings,
      });
      report.reload();
    } else if (result.rows.length > 0) {
      // the editor opens on the rows as read and takes focus on its error summary
      setNotice({ kind: 'error', text: result.message });
      setEditor({
        rows: result.rows,
        errors: result.errors,
        warnings: result.warnings,
        openedFrom: 'rejected-file',
        intro: `Le fichier « ${filename} » a été refusé et rien n’a été enregistré. Corrigez les cellules signalées puis cliquez sur « Vérifier » et « Enregistrer » ; ou corrigez votre fichier et déposez-le à nouveau.`,
      });
    } else {
      // A single error about the file as a whole (empty, not the template) is in the message itself
      // (see rejectionMessage): not listed a second time.
      setEditor(null);
      announce({ kind: 'error', text: result.message, errors: result.errors.length > 1 ? result.errors : undefined });
    }
  }

  function onDeclaredEmpty(result: Accepted) {
    setEditor(null);
    setShownRevision(null);
    // The panel that had focus is gone: focus goes to the result, which the live region also announces.
    announce({
      kind: 'ok',
      text: `Déclaration enregistrée : révision n° ${result.revision ?? '?'}, 0 ligne. Le rapport est déclaré sans bénéficiaire et reste en brouillon : ${
        role === 'region' ? 'il doit encore être soumis (par l’opérateur, ou par vous en son nom).' : 'soumettez-le à la Région pour terminer.'
      }`,
    });
    report.reload();
  }

  function editStored(lines: Array<Record<string, unknown>>) {
    setNotice(null);
    setEditor({
      rows: rowsFromLines(lines),
      errors: [],
      warnings: [],
      openedFrom: 'stored-lines',
      intro: 'Modifiez les cellules voulues, vérifiez, puis enregistrez : une nouvelle révision sera créée (la précédente reste consultable).',
    });
  }

  function closeEditor() {
    const openedFrom = editor?.openedFrom;
    setEditor(null);
    // back to what opened it: the "Corriger ces lignes" button, or the file input of the rejected upload
    focusSoon(() => (openedFrom === 'stored-lines' ? byId(EDIT_LINES_BUTTON_ID) : byId('report-file')) ?? byId('page-title'));
  }

  function showRevision(number: number) {
    setShownRevision(number);
    // the button pressed turns into "affichées ci-dessous": focus goes to the lines it shows
    focusSoon(() => byId('lines-title'));
  }

  const closedReason =
    r.status === 'submitted'
      ? 'Le rapport est soumis : la Région l’examine. Vous pourrez déposer un nouveau fichier si elle vous le renvoie.'
      : r.status === 'validated'
        ? 'Le rapport est validé et verrouillé. La Région peut le rouvrir avec un motif si une correction est nécessaire.'
        : undefined;

  return (
    <>
      <p class="breadcrumb">
        <a href={listUrl}>{role === 'region' ? 'Rapports à examiner' : 'Mes rapports'}</a>
      </p>
      <PageTitle title={`Rapport ${fullTitle}`}>
        Rapport {fullTitle}
        {role === 'region' && r.operatorName ? ` — ${r.operatorName}` : ''}
      </PageTitle>

      <dl class="report-facts">
        <dt>Statut</dt>
        <dd>
          <StatusBadge status={r.status} />
          <LateFlag late={r.late} />
          {r.declaredEmpty && <span class="declared-empty-flag">Déclaré sans bénéficiaire</span>}
        </dd>
        <dt>Échéance</dt>
        <dd>{formatDate(r.due)}</dd>
        <dt>Opérateur</dt>
        <dd>{r.operatorName ?? r.operator}</dd>
        <dt>Lignes</dt>
        <dd>
          {current === null
            ? 'aucun fichier déposé'
            : `${r.lineCount} (révision n° ${current}${r.declaredEmpty ? ', déclaration sans bénéficiaire' : ''})`}
        </dd>
        {r.submittedAt && (
          <>
            <dt>Soumis le</dt>
            <dd>{formatDateTime(r.submittedAt)}</dd>
          </>
        )}
        {r.validatedAt && (
          <>
            <dt>Validé le</dt>
            <dd>{formatDateTime(r.validatedAt)}</dd>
          </>
        )}
      </dl>

      {r.regionComment && (
        <div class="region-comment" role="note" aria-labelledby="region-comment-title">
          <h2 id="region-comment-title">{r.status === 'returned' ? 'Commentaire de la Région' : 'Motif de réouverture donné par la Région'}</h2>
          <blockquote>
            <p>{r.regionComment}</p>
          </blockquote>
          {r.status === 'returned' && role === 'operator' && <p>Déposez un fichier corrigé (ou corrigez les lignes ci-dessous), puis soumettez à nouveau.</p>}
        </div>
      )}

      <div role="status" aria-live="polite">
        {notice && (
          <div class={notice.kind === 'ok' ? 'result-ok' : 'result-error'} ref={noticeBox} tabIndex={-1}>
            <p>{notice.text}</p>
            {notice.errors && notice.errors.length > 0 && <IssueList issues={notice.errors} kind="erreur" linkToCells={false} />}
            {notice.warnings && notice.warnings.length > 0 && (
              <>
                <p>
                  {notice.warnings.length} avertissement{notice.warnings.length > 1 ? 's' : ''} (à vérifier, sans bloquer) :
                </p>
                <IssueList issues={notice.warnings} kind="avertissement" linkToCells={false} />
              </>
            )}
          </div>
        )}
      </div>

      <WorkflowActions
        path={path}
        actions={workflow}
        title={fullTitle}
        role={role}
        warningCount={r.warnings.length}
        onDone={(text) => {
          setEditor(null);
          announce({ kind: 'ok', text });
          report.reload();
        }}
      />

      {(canUpload || role === 'operator') && (
        <section class="report-section" aria-labelledby="upload-title">
          <h2 id="upload-title">Déposer les lignes du trimestre</h2>
          {role === 'region' && canUpload && (
            <p>Vous pouvez déposer les lignes au nom de {operatorName} : la révision sera enregistrée à votre nom.</p>
          )}
          <TemplateLinks scheme={r.scheme} schemeLabel={r.schemeName ?? schemeLabel(r.scheme)} />
          <ColumnHelp />
          <UploadPanel
            scheme={r.scheme}
            schemeLabel={r.schemeName ?? schemeLabel(r.scheme)}
            linesPath={`${path}/lines`}
            canUpload={canUpload}
            closedReason={closedReason}
            onResult={onUpload}
          />
        </section>
      )}

      {canDeclareEmpty(r, actions) && (
        <DeclareEmpty
          linesPath={`${path}/lines`}
          title={fullTitle}
          currentLines={current === null ? 0 : r.lineCount}
          onBehalfOf={role === 'region' ? operatorName : undefined}
          onDeclared={onDeclaredEmpty}
        />
      )}

      {editor && (
        <LineEditor
          linesPath={`${path}/lines`}
          rows={editor.rows}
          errors={editor.errors}
          warnings={editor.warnings}
          openedFrom={editor.openedFrom}
          intro={editor.intro}
          onCancel={closeEditor}
          onSaved={(result) => onUpload(result, null)}
        />
      )}

      {r.warnings.length > 0 && !editor && (
        <details class="report-section">
          <summary>
            {r.warnings.length} avertissement{r.warnings.length > 1 ? 's' : ''} sur la révision courante
          </summary>
          <IssueList issues={r.warnings} kind="avertissement" linkToCells={false} />
        </details>
      )}

      {shown !== null && shownDeclaredEmpty && (
        <section class="report-section" aria-labelledby="lines-title">
          <h2 id="lines-title" tabIndex={-1}>
            Lignes de la révision n° {shown}
            {shown === current ? ' (courante)' : ' (ancienne révision)'}
          </h2>
          <p>Aucune ligne : cette révision déclare qu’aucun bénéficiaire n’a été accompagné pendant le trimestre.</p>
        </section>
      )}

      {shown !== null && shown >= 2 && <RevisionDiff key={`diff-${shown}`} path={path} revision={shown} />}

      {shown !== null && !shownDeclaredEmpty && (
        <LinesTable
          key={shown}
          path={path}
          revision={shown}
          current={shown === current}
          onEdit={canUpload && shown === current && !editor ? editStored : undefined}
        />
      )}

      <section class="report-section" aria-labelledby="history-title">
        <h2 id="history-title">Historique et commentaires de la Région</h2>
        <EventList events={r.events} />
      </section>

      <section class="report-section" aria-labelledby="revisions-title">
        <h2 id="revisions-title">Révisions</h2>
        <RevisionTable revisions={r.revisions} current={current} shown={shown} onShow={showRevision} />
      </section>
    </>
  );
}
