// "Mes rapports" (route `/rapports`): the year's expected reports as a grid, one row per scheme (and
// operator, for the Region) and one column per quarter, each cell a link with its status, due date and
// late flag written out.
import { useState } from 'preact/hooks';
import { PageTitle } from '../../components/page-title.tsx';
import { EmptyState, ErrorMessage, Loading } from '../../components/status.tsx';
import { formatDate } from '../../format.ts';
import { currentYear, FIRST_YEAR, LAST_YEAR, useAppState } from '../../state.ts';
import { useApi } from '../../use-api.ts';
import { isRetryable, lineCountText, type ReportSummary, reportGrid, reportPageUrl, STATUS_LABELS } from './report-model.ts';
import { LateFlag, StatusBadge } from './status-badge.tsx';

const QUARTERS = [1, 2, 3, 4] as const;

function counts(reports: ReportSummary[]): string {
  const n = (status: string) => reports.filter((r) => r.status === status).length;
  const late = reports.filter((r) => r.late).length;
  const parts: string[] = [];
  for (const status of ['validated', 'submitted', 'draft', 'returned', 'expected'] as const) {
    if (n(status)) parts.push(`${n(status)} ${STATUS_LABELS[status]}${n(status) > 1 && !STATUS_LABELS[status].endsWith('s') ? 's' : ''}`);
  }
  if (late) parts.push(`${late} en retard`);
  return `${reports.length} rapport${reports.length > 1 ? 's' : ''} dans l’année : ${parts.join(', ')}`;
}

export function MyReportsPage() {
  const state = useAppState();
  const isRegion = state.role.value === 'region';
  const [year, setYear] = useState(currentYear());
  const [operator, setOperator] = useState('');
  const operators = useApi<Array<{ id: string; name: string }>>(isRegion ? '/operators' : null);
  const query = new URLSearchParams({ year: String(year) });
  if (operator) query.set('operator', operator);
  const reports = useApi<ReportSummary[]>(`/reports?${query}`);
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
  const grid = reports.data ? reportGrid(reports.data) : [];

  return (
    <>
      <PageTitle title={isRegion ? 'Rapports des opérateurs' : 'Mes rapports'} />
      <p>
        Un rapport par dispositif et par trimestre, à déposer au plus tard à l’échéance indiquée. Ouvrez un rapport pour
        télécharger le modèle, déposer votre fichier et le soumettre à la Région.
      </p>
      <form class="form-actions" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="reports-year">Année</label>
          <select id="reports-year" value={year} onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        {isRegion && (
          <div class="field">
            <label for="reports-operator">Opérateur</label>
            <select id="reports-operator" value={operator} onChange={(e) => setOperator((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">Tous les opérateurs</option>
              {(operators.data ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>

      {reports.loading && <Loading label="Chargement des rapports…" />}
      {reports.error !== null && <ErrorMessage error={reports.error} onRetry={isRetryable(reports.error) ? reports.reload : undefined} />}
      {reports.data && reports.data.length === 0 && (
        <EmptyState>Aucun rapport attendu en {year} : aucune convention ne couvre cette année (ou ses trimestres n’ont pas commencé).</EmptyState>
      )}
      {reports.data && reports.data.length > 0 && (
        <>
          <p role="status">{counts(reports.data)}.</p>
          <div class="table-scroll">
            <table class="report-grid">
              <caption>Rapports trimestriels {year} : statut et échéance</caption>
              <thead>
                <tr>
                  <th scope="col">{isRegion ? 'Opérateur et dispositif' : 'Dispositif'}</th>
                  {QUARTERS.map((q) => (
                    <th scope="col" key={q}>
                      T{q} {year}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">
                      {isRegion ? `${row.operatorName} — ` : ''}
                      {row.schemeName}
                    </th>
                    {QUARTERS.map((q) => {
                      const report = row.byQuarter.get(q);
                      if (!report) return <td key={q}>non attendu</td>;
                      return (
                        <td key={q} class="report-cell">
                          <a href={reportPageUrl(report)}>
                            {row.schemeName} {report.label ?? report.period}
                          </a>{' '}
                          <StatusBadge status={report.status} />
                          <LateFlag late={report.late} />
                          <span class="due">
                            échéance {formatDate(report.due)}
                            {lineCountText(report) ? ` · ${lineCountText(report)}` : ''}
                          </span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
