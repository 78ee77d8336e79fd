// COTECH (live): two cohorts side by side through CohortComparison, with the filters, and a print layout
// for a handout. A meeting (« séance ») shows the same view from its frozen figures.
import { useMemo, useState } from 'preact/hooks';
import { apiUrl } from '../api.ts';
import { CohortFields, CoverageControls } from '../components/coverage/coverage-controls.tsx';
import { CohortComparison } from '../components/coverage/cohort-comparison.tsx';
import type { Coverage } from '../components/coverage/types.ts';
import type { SiteView } from '../components/map/territory-map.tsx';
import { type DisclosureChoice, DisclosureSelect } from '../components/disclosure-select.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PrintHeader } from '../components/print-header.tsx';
import { ErrorMessage, Loading } from '../components/status.tsx';
import { BASIS_LABELS, cohortLabel, formatDateTime } from '../format.ts';
import { FIGURES } from '../map/choropleth.ts';
import { coverageQuery, type Filters, schemeNames, useAppState } from '../state.ts';
import { useApi } from '../use-api.ts';
import { sitesFor } from './map-page.tsx';

export function CotechPage() {
  const state = useAppState();
  const shared = state.filters.value;
  const [cohortA, setCohortA] = useState({ from: 2024, to: 2024 });
  const [cohortB, setCohortB] = useState({ from: 2024, to: Math.max(2025, shared.to) });
  const filtersA: Filters = { ...shared, ...cohortA };
  const filtersB: Filters = { ...shared, ...cohortB };
  // The Region prints handouts for partners with the secrecy of small numbers; the COTECH's own view
  // follows the Region's setting on the server whatever is asked.
  const isRegion = state.user.value?.role === 'region';
  const [disclosure, setDisclosure] = useState<DisclosureChoice>('internal');
  const queryA = { ...coverageQuery(filtersA), ...(disclosure === 'public' ? { disclosure } : {}) };
  const queryB = { ...coverageQuery(filtersB), ...(disclosure === 'public' ? { disclosure } : {}) };
  const a = useApi<Coverage>(shared.schemes.length ? apiUrl('/figures/coverage', queryA) : null);
  const b = useApi<Coverage>(shared.schemes.length ? apiUrl('/figures/coverage', queryB) : null);
  const sites = useApi<SiteView[]>('/sites');
  const figure = shared.figure;
  const def = FIGURES[figure];
  // memoised: a new array would make each map redraw its markers on every render
  const sitesA = useMemo(() => sitesFor(sites.data, filtersA) ?? (sites.error ? [] : undefined), [sites.data, sites.error, filtersA.from, filtersA.to, shared.schemes]);
  const sitesB = useMemo(() => sitesFor(sites.data, filtersB) ?? (sites.error ? [] : undefined), [sites.data, sites.error, filtersB.from, filtersB.to, shared.schemes]);
  const labelA = cohortLabel(cohortA.from, cohortA.to);
  const labelB = cohortLabel(cohortB.from, cohortB.to);
  const generatedAt = b.data?.generatedAt ?? a.data?.generatedAt;

  return (
    <section class="cotech">
      <PageTitle title="Vue COTECH : comparaison de cohortes" />
      <PrintHeader
        title="Vue COTECH : comparaison de cohortes"
        basis={shared.basis}
        dataDate={generatedAt}
        dataDateLabel="Chiffres extraits le"
        details={`${def.label} · dispositifs ${schemeNames(shared.schemes)} · distance ${shared.distanceKm} km`}
        masked={!!(a.data?.disclosure ?? b.data?.disclosure)}
      />
      <div class="no-print">
        <p>
          Comparez deux cohortes d’années sur la carte et dans le tableau. Les deux cartes utilisent les mêmes classes de couleur. Données
          extraites le {formatDateTime(generatedAt)}, {BASIS_LABELS[shared.basis]}.
        </p>
        <button type="button" class="button" onClick={() => window.print()}>
          Imprimer
        </button>
        <div class="cohorts" style={{ marginTop: '0.8rem' }}>
          <CohortFields value={{ ...shared, ...cohortA }} onChange={(p) => setCohortA({ from: p.from ?? cohortA.from, to: p.to ?? cohortA.to })} legend="Cohorte A" />
          <CohortFields value={{ ...shared, ...cohortB }} onChange={(p) => setCohortB({ from: p.from ?? cohortB.from, to: p.to ?? cohortB.to })} legend="Cohorte B" />
        </div>
        {isRegion && (
          <DisclosureSelect id="cotech-disclosure-choice" value={disclosure} onChange={setDisclosure} />
        )}
        <details>
          <summary>Chiffre, dispositifs, rapports pris en compte, distance</summary>
          <CoverageControls value={shared} onChange={(patch) => state.setFilters(patch)} />
        </details>
      </div>
      <div aria-live="polite">
        {(a.loading || b.loading) && <Loading label="Calcul des deux cohortes…" />}
        {a.error !== null && <ErrorMessage error={a.error} onRetry={a.reload} title={`Cohorte ${labelA}`} />}
        {b.error !== null && <ErrorMessage error={b.error} onRetry={b.reload} title={`Cohorte ${labelB}`} />}
      </div>
      <CohortComparison
        cohorts={[
          { ...cohortA, coverage: a.data ?? undefined, sites: sitesA },
          { ...cohortB, coverage: b.data ?? undefined, sites: sitesB },
        ]}
        figure={figure}
        distanceKm={shared.distanceKm}
        awaitingData={shared.schemes.length > 0 && a.error === null && b.error === null}
        tilesUrl={state.server.value.tilesUrl}
        tilesAttribution={state.server.value.tilesAttribution}
        exports={[
          { label: `Excel (.xlsx) ${labelA}`, href: apiUrl('/figures/coverage.xlsx', queryA) },
          { label: `Excel (.xlsx) ${labelB}`, href: apiUrl('/figures/coverage.xlsx', queryB) },
          { label: `CSV pour les outils ${labelA}`, href: apiUrl('/figures/coverage.csv', queryA) },
          { label: `CSV pour les outils ${labelB}`, href: apiUrl('/figures/coverage.csv', queryB) },
        ]}
      />
    </section>
  );
}
