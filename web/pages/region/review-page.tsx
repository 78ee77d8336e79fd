// The Region's review queue (route `/region/revue`): submitted reports, oldest submission first, each
// linking to its report page where the lines are read and the report validated or returned. Below it,
// the reports past their due date and not submitted yet, to chase.
import { type Column, DataTable } from '../../components/data-table.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useApi } from '../../use-api.ts';
import { isRetryable, type ReportSummary, reportPageUrl, schemeLabel } from '../reports/report-model.ts';
import { LateFlag, StatusBadge } from '../reports/status-badge.tsx';

type Queued = ReportSummary & { submittedLate?: boolean };

const queueColumns: Column<Queued>[] = [
  { key: 'submittedAt', label: 'Soumis le', value: (r) => r.submittedAt ?? null, render: (r) => formatDateTime(r.submittedAt) },
  { key: 'operator', label: 'Opérateur', value: (r) => r.operatorName ?? r.operator, rowHeader: true },
  { key: 'scheme', label: 'Dispositif', value: (r) => r.schemeName ?? schemeLabel(r.scheme) },
  {
    key: 'period',
    label: 'Trimestre',
    value: (r) => r.period,
    render: (r) => <a href={reportPageUrl(r)}>{`Examiner ${r.schemeName ?? schemeLabel(r.scheme)} ${r.label ?? r.period} de ${r.operatorName ?? r.operator}`}</a>,
  },
  {
    key: 'lineCount',
    label: 'Lignes',
    value: (r) => r.lineCount,
    numeric: true,
    render: (r) => (r.declaredEmpty ? '0 (déclaré sans bénéficiaire)' : r.lineCount),
  },
  {
    key: 'warningCount',
    label: 'Avertissements',
    value: (r) => r.warningCount ?? 0,
    numeric: true,
    render: (r) => (r.warningCount ? `${r.warningCount} à lire` : 'aucun'),
  },
  { key: 'due', label: 'Échéance', value: (r) => r.due, render: (r) => formatDate(r.due) },
  {
    key: 'late',
    label: 'Délai',
    value: (r) => Boolean(r.submittedLate ?? r.late),
    render: (r) => (r.submittedLate ?? r.late ? <LateFlag late /> : 'à temps'),
  },
];

const lateColumns: Column<ReportSummary>[] = [
  { key: 'operator', label: 'Opérateur', value: (r) => r.operatorName ?? r.operator, rowHeader: true },
  { key: 'scheme', label: 'Dispositif', value: (r) => r.schemeName ?? schemeLabel(r.scheme) },
  {
    key: 'period',
    label: 'Trimestre',
    value: (r) => r.period,
    render: (r) => <a href={reportPageUrl(r)}>{`${r.schemeName ?? schemeLabel(r.scheme)} ${r.label ?? r.period} de ${r.operatorName ?? r.operator}`}</a>,
  },
  { key: 'status', label: 'Statut', value: (r) => r.status, render: (r) => <StatusBadge status={r.status} /> },
  { key: 'due', label: 'Échéance', value: (r) => r.due, render: (r) => formatDate(r.due) },
];

export function ReviewPage() {
  const queue = useApi<Queued[]>('/review-queue');
  const late = useApi<ReportSummary[]>('/reports?late=true');
  const waiting = (late.data ?? []).filter((r) => r.status !== 'submitted' && r.status !== 'validated');
  return (
    <>
      <PageTitle title="Rapports à examiner" />
      <p>
        Les rapports soumis par les opérateurs, du plus ancien au plus récent. Ouvrez un rapport pour lire ses lignes, puis le
        valider ou le renvoyer avec un commentaire.
      </p>
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">File d’examen</h2>
        {queue.loading && <Loading label="Chargement de la file d’examen…" />}
        {queue.error !== null && <ErrorMessage error={queue.error} onRetry={isRetryable(queue.error) ? queue.reload : undefined} />}
        {queue.data && queue.data.length === 0 && <EmptyState>Aucun rapport soumis n’attend d’examen.</EmptyState>}
        {queue.data && queue.data.length > 0 && (
          <DataTable
            caption={`${queue.data.length} rapport${queue.data.length > 1 ? 's' : ''} soumis à examiner`}
            columns={queueColumns}
            rows={queue.data}
            rowKey={(r) => `${r.operator}/${r.scheme}/${r.period}`}
            initialSort={{ key: 'submittedAt', direction: 'ascending' }}
          />
        )}
      </section>
      <section aria-labelledby="late-title">
        <h2 id="late-title">Rapports en retard, pas encore soumis</h2>
        {late.loading && <Loading label="Chargement des rapports en retard…" />}
        {late.error !== null && <ErrorMessage error={late.error} onRetry={isRetryable(late.error) ? late.reload : undefined} />}
        {late.data && waiting.length === 0 && <EmptyState>Aucun rapport en retard.</EmptyState>}
        {waiting.length > 0 && (
          <DataTable
            caption={`${waiting.length} rapport${waiting.length > 1 ? 's' : ''} en retard`}
            columns={lateColumns}
            rows={waiting}
            rowKey={(r) => `${r.operator}/${r.scheme}/${r.period}`}
            initialSort={{ key: 'due', direction: 'ascending' }}
          />
        )}
      </section>
    </>
  );
}
