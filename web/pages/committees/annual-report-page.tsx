// The COPRESS yearly report, live: choose the year and the basis, print it or take the workbook. A COPRESS
// meeting freezes the same report (Séances).
import { useState } from 'preact/hooks';
import { apiUrl } from '../../api.ts';
import { type DisclosureChoice, DisclosureSelect } from '../../components/disclosure-select.tsx';
import { SelectField } from '../../components/forms/fields.tsx';
import type { SiteView } from '../../components/map/territory-map.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PrintHeader } from '../../components/print-header.tsx';
import { ErrorMessage, Loading } from '../../components/status.tsx';
import { BASIS_LABELS } from '../../format.ts';
import { currentYear, FIRST_YEAR, LAST_YEAR, useAppState } from '../../state.ts';
import { useApi } from '../../use-api.ts';
import { AnnualReportView } from './annual-report-view.tsx';
import type { AnnualReport } from './types.ts';

export function AnnualReportPage() {
  const state = useAppState();
  const isRegion = state.user.value?.role === 'region';
  const [year, setYear] = useState(currentYear());
  const [basis, setBasis] = useState<'validated' | 'submitted'>('validated');
  const [disclosure, setDisclosure] = useState<DisclosureChoice>('internal');
  const query = { year, basis, disclosure };
  const report = useApi<AnnualReport>(apiUrl('/figures/annual-report', query));
  const sites = useApi<SiteView[]>('/sites');
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
  const title = `Rapport annuel ${year} pour le COPRESS`;
  return (
    <section>
      <PrintHeader title={title} basis={basis} dataDate={report.data?.generatedAt} dataDateLabel="Chiffres extraits le" masked={!!report.data?.disclosure} />
      <PageTitle title={title} />
      <div class="no-print">
        <p>
          Le COPRESS suit chaque année la mise en œuvre de la feuille de route (partie 4). Ce rapport reprend les chiffres des pages Tableau de bord et Carte, pour
          l’année choisie ; pour garder les chiffres présentés en séance, créez une séance COPRESS et arrêtez ses chiffres.
        </p>
        <div class="cohorts">
          <SelectField id="annual-year" label="Année" value={String(year)} onChange={(v) => setYear(Number(v))} options={years.map((y) => ({ value: String(y), label: String(y) }))} />
          <SelectField
            id="annual-basis"
            label="Rapports pris en compte"
            value={basis}
            onChange={(v) => setBasis(v as typeof basis)}
            options={[
              { value: 'validated', label: `Validés (${BASIS_LABELS.validated})` },
              { value: 'submitted', label: `Provisoire (${BASIS_LABELS.submitted})` },
            ]}
          />
          {isRegion && (
            <DisclosureSelect id="annual-disclosure" value={disclosure} onChange={setDisclosure} />
          )}
        </div>
        <p>
          <button type="button" class="button" onClick={() => window.print()}>
            Imprimer
          </button>{' '}
          <a class="button secondary" href={apiUrl('/figures/annual-report.xlsx', query)}>
            Classeur Excel (.xlsx)
          </a>
        </p>
      </div>
      <div aria-live="polite">
        {report.loading && <Loading label="Préparation du rapport annuel…" />}
        {report.error !== null && <ErrorMessage error={report.error} onRetry={report.reload} />}
      </div>
      {report.data && <AnnualReportView report={report.data} sites={sites.data ?? (sites.error ? [] : undefined)} tilesUrl={state.server.value.tilesUrl} tilesAttribution={state.server.value.tilesAttribution} />}
    </section>
  );
}
